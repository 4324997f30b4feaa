package io.signaltest.junit.internal.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON read into plain Java values with Jackson's streaming parser, not its ObjectMapper: binding loads some 400
 * classes of jackson-databind, which a fresh test JVM pays in start-up CPU, and the harness reads only small documents
 * (a log line, a run's facts).
 */
public final class JsonValues {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonValues() {}

    /** The one JSON value of {@code text}. */
    public static Object parse(String text) throws IOException {
        try (JsonParser p = JSON.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new JsonParseFailure("no JSON value");
            }
            return value(p, first);
        }
    }

    /**
     * The JSON value that starts at {@code token}, as plain Java values: objects as maps in their order (a repeated
     * name keeps its last value), arrays as lists, whole numbers as Integer, Long or BigInteger by size, other numbers
     * as Double. Whatever follows the value is not read.
     */
    public static Object value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                JsonToken next;
                while ((next = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    object.put(name, value(p, p.nextToken()));
                }
                if (next != JsonToken.END_OBJECT) {
                    throw new JsonParseFailure("the object is not closed");
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                JsonToken next;
                while ((next = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (next == null) {
                        throw new JsonParseFailure("the array is not closed");
                    }
                    array.add(value(p, next));
                }
                return array;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return p.getNumberValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new JsonParseFailure("unexpected " + token);
        }
    }

    /** A line that the parser read to its end without finding a whole value. */
    static final class JsonParseFailure extends IOException {
        private static final long serialVersionUID = 1L;

        JsonParseFailure(String message) {
            super(message);
        }
    }
}
