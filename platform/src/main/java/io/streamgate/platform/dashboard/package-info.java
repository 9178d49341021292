/**
 * The live dashboard, {@code /dashboard/}: a page (plain HTML and JavaScript, uPlot from its WebJar for the charts)
 * fed by {@code GET /dashboard/stream}, server-sent events that each carry one sample of the application's own
 * Micrometer meters and health indicators: per system its HTTP requests and its own meters, Kafka produce per topic,
 * the outbox, the consumers, the edge and the dependencies' health. Nothing samples while nobody watches: the stream's
 * timer exists only while a client is connected. On by default, off in the {@code prod} profile unless
 * {@code streamgate.dashboard.enabled} is true; when on, open also with authentication on (its {@code Routes}).
 * Reads other packages only through Micrometer and Boot's health registry, and knows no system: a system's meters are
 * those named {@code streamgate.<system>.*}.
 */
package io.streamgate.platform.dashboard;
