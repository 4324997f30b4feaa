package io.signaltest.runtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/log-format.md, the page another language's writer follows, and this package say the same: the page's tables of
 * events list exactly the events of {@link LogEvents}, and the page names every variable of {@link HarnessEnvironment}
 * and the format's version.
 */
class ProtocolDocTest {

    private static final Path PAGE = Path.of("../../docs/log-format.md");
    private static final Pattern EVENT_ROW = Pattern.compile("^\\| `([a-z_]+)` \\|", Pattern.MULTILINE);
    private static final Set<String> ENVELOPE =
            Set.of(LogFormat.VERSION_FIELD, LogFormat.SEQ_FIELD, LogFormat.TIME_FIELD, LogFormat.EVENT_FIELD);

    @Test
    void thePageListsExactlyTheEventsOfThisPackage() throws IOException {
        Set<String> documented = new LinkedHashSet<>();
        Matcher row = EVENT_ROW.matcher(Files.readString(PAGE));
        while (row.find()) {
            if (!ENVELOPE.contains(row.group(1))) {
                documented.add(row.group(1));
            }
        }
        assertThat(documented).containsExactlyInAnyOrderElementsOf(constants(LogEvents.class));
    }

    @Test
    void thePageNamesEveryVariableOfTheHarnessAndTheVersion() throws IOException {
        String page = Files.readString(PAGE);
        for (String variable : HarnessEnvironment.VARIABLES) {
            assertThat(page).as("the page names " + variable).contains("`" + variable);
        }
        assertThat(page).startsWith("# The cleanup log, format version " + LogFormat.VERSION);
    }

    private static List<String> constants(Class<?> type) {
        List<String> values = new ArrayList<>();
        for (Field field : type.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    values.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return values;
    }
}
