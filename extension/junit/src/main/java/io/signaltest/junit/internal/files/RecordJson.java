package io.signaltest.junit.internal.files;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.signaltest.junit.internal.log.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The harness's own records (a run's facts) as JSON and back, with Jackson's streaming API: a record's components by
 * name, in order, null ones left out; numbers, strings, booleans, enums (by name), lists and nested records. Reading
 * ignores names it does not know and leaves a missing component at its zero (null, 0, false, an empty list), so that a
 * file of another version still reads. Not jackson-databind: see {@link JsonValues}.
 */
final class RecordJson {

    private static final JsonFactory JSON = new JsonFactory();

    private RecordJson() {}

    /** {@code value}, a record, as pretty-printed JSON. */
    static String write(Record value) {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.useDefaultPrettyPrinter();
            write(out, value);
        } catch (IOException e) {
            throw new IllegalStateException("a record of plain values is always JSON", e);
        }
        return text.toString();
    }

    /** The record of {@code type} that {@code text} holds. */
    static <R extends Record> R read(String text, Class<R> type) throws IOException {
        Object tree = JsonValues.parse(text);
        if (!(tree instanceof Map<?, ?> object)) {
            throw new IOException("not a JSON object");
        }
        return type.cast(record(object, type));
    }

    private static void write(JsonGenerator out, Object value) throws IOException {
        if (value instanceof Record record) {
            out.writeStartObject();
            for (RecordComponent component : record.getClass().getRecordComponents()) {
                Object member = get(component, record);
                if (member != null) {
                    out.writeFieldName(component.getName());
                    write(out, member);
                }
            }
            out.writeEndObject();
        } else if (value instanceof List<?> list) {
            out.writeStartArray();
            for (Object element : list) {
                write(out, element);
            }
            out.writeEndArray();
        } else if (value instanceof Long || value instanceof Integer) {
            out.writeNumber(((Number) value).longValue());
        } else if (value instanceof Boolean b) {
            out.writeBoolean(b);
        } else if (value instanceof Enum<?> e) {
            out.writeString(e.name());
        } else {
            out.writeString(String.valueOf(value));
        }
    }

    private static Object get(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("a record's accessor of the harness failed: " + component, e);
        }
    }

    private static Object record(Map<?, ?> object, Class<?> type) throws IOException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
            values[i] = convert(object.get(components[i].getName()), components[i].getGenericType());
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot make a " + type.getSimpleName() + " of " + object, e);
        }
    }

    private static Object convert(Object value, Type type) throws IOException {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw == long.class) {
            return value instanceof Number n ? n.longValue() : 0L;
        } else if (raw == int.class) {
            return value instanceof Number n ? n.intValue() : 0;
        } else if (raw == boolean.class) {
            return Boolean.TRUE.equals(value);
        } else if (value == null) {
            return raw == List.class ? List.of() : null;
        } else if (raw == String.class) {
            return value.toString();
        } else if (raw == Long.class) {
            return ((Number) value).longValue();
        } else if (raw.isEnum()) {
            return enumConstant(raw, value.toString());
        } else if (raw == List.class && value instanceof List<?> list) {
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            List<Object> converted = new ArrayList<>();
            for (Object item : list) {
                converted.add(convert(item, element));
            }
            return converted;
        } else if (raw.isRecord() && value instanceof Map<?, ?> object) {
            return record(object, raw);
        }
        throw new IOException("cannot read " + value + " as " + type.getTypeName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumConstant(Class<?> type, String name) {
        return Enum.valueOf((Class<? extends Enum>) type, name);
    }
}
