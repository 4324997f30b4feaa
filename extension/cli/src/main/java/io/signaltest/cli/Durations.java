package io.signaltest.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses a duration such as {@code 30s}, {@code 500ms}, {@code 2m} or {@code 45} (seconds) into milliseconds. */
final class Durations implements CommandLine.ITypeConverter<Long> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

    @Override
    public Long convert(String value) {
        Matcher m = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration: write it as, for example, " + "30s, 500ms or 2m");
        }
        long amount = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        long millis = switch (unit) {
            case "ms" -> amount;
            case "m" -> amount * 60_000;
            default -> amount * 1000;
        };
        if (millis <= 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
        }
        return millis;
    }
}
