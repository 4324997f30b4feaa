package io.signaltest.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The annotated test class or method needs these tools. Where one is missing, it is skipped with the reason printed in
 * the build output, one line per class or method; under CI ({@code CI=true} in the environment) it is required instead,
 * and fails with the same reason. So a fresh clone builds green with nothing but a JDK, and CI, which installs the
 * tools, runs everything.
 *
 * <pre>{@code
 * @RequiresTool(Tool.CHROMIUM)
 * class HtmlReportBrowserIT { ... }
 * }</pre>
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresToolCondition.class)
public @interface RequiresTool {

    /**
     * Configuration parameter that says whether this is a CI run, for this build's own test of the condition; unset,
     * the environment variable {@code CI} decides.
     */
    String CI_PROPERTY = "signaltest.test.ci";

    /** The tools the tests need. */
    Tool[] value();
}
