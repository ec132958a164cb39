package dev.poolguard.embedded.junit;

import dev.poolguard.embedded.SystemTool;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class or method that needs programs from the operating system. Where one is missing the test is skipped
 * with one line naming the Debian package; where {@value SystemTool#REQUIRE_ENV} is set (CI) it fails instead, so CI
 * never passes by skipping.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresToolCondition.class)
public @interface RequiresTool {
    SystemTool[] value();
}
