/**
 * The {@code kafka} and {@code schemaRegistry} health indicators; registered by the platform's auto-configuration,
 * not API.
 */
package io.streamgate.platform.health.internal;
