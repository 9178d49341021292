package io.streamgate.platform.systems;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a package, on its {@code package-info.java}, as one of the application's systems: everything Spring finds
 * in it and below it (configurations, controllers, settings, listeners) exists only while the system is on. A system
 * is on unless {@code streamgate.systems} lists others (e.g. {@code STREAMGATE_SYSTEMS=orders} for a deployment that
 * runs orders alone) or {@code streamgate.<name>.enabled} is {@code false}. So a system is switched in one place: no
 * class of it carries a condition of its own, and a new class is switched with the rest without anyone remembering.
 */
@Documented
@Target(ElementType.PACKAGE)
@Retention(RetentionPolicy.RUNTIME)
public @interface StreamgateSystem {

    /** The system's name, as {@code streamgate.systems} and its settings ({@code streamgate.<name>.*}) spell it. */
    String value();
}
