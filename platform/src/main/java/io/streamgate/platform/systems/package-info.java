/**
 * The application's systems and their switch: {@link io.streamgate.platform.systems.StreamgateSystem} on a system's
 * {@code package-info.java} is its whole declaration; the platform leaves a system that is off out of scanning
 * ({@code streamgate.systems}, {@code streamgate.<name>.enabled}) and says at start-up which systems run.
 */
package io.streamgate.platform.systems;
