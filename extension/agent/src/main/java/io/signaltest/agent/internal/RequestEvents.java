package io.signaltest.agent.internal;

import io.signaltest.runtime.protocol.LogEvents;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * HTTP requests as they enter a server's handlers: a servlet container (Tomcat, Jetty, Undertow: any that calls
 * {@code HttpServlet.service}) handing a request to a servlet, or the JDK's {@code HttpServer} calling a handler after
 * its filters. Each is booked as one {@code request_entered} record with the request's {@code X-Request-Id}, method and
 * path, which is how a service test proves that a request is inside the service's handlers.
 *
 * <p>The agent's classes live in the bootstrap class loader, which cannot name the servlet API, so the request is read
 * through the server's public interfaces by reflection. Reading a request's headers changes nothing the program sees.
 */
final class RequestEvents {

    /** The header that names a request, as the service harness sends it. */
    static final String ID_HEADER = "X-Request-Id";

    private static final Object[] NO_ARGUMENTS = {};

    private RequestEvents() {}

    /** {@code HttpServlet.service(ServletRequest, ServletResponse)} is entered with {@code request}. */
    static void servlet(AgentState s, Object request) throws ReflectiveOperationException {
        String id = (String) call(request, "getHeader", ID_HEADER);
        String method = (String) call(request, "getMethod");
        String path = (String) call(request, "getRequestURI");
        entered(s, "servlet", id, method, path);
    }

    /**
     * The JDK's {@code HttpServer} is about to call {@code handler.handle(exchange)} at the end of a filter chain. Its
     * own link from the system filters to the user's filters is no handler of the program's, and is not booked.
     */
    static void exchange(AgentState s, Object handler, Object exchange) throws ReflectiveOperationException {
        if (handler == null || handler.getClass().getPackageName().equals("sun.net.httpserver")) {
            return;
        }
        Object headers = call(exchange, "getRequestHeaders");
        String id = (String) call(headers, "getFirst", ID_HEADER);
        String method = (String) call(exchange, "getRequestMethod");
        Object uri = call(exchange, "getRequestURI");
        String path = uri == null ? null : ((java.net.URI) uri).getRawPath();
        entered(s, "httpserver", id, method, path);
    }

    private static void entered(AgentState s, String server, String id, String method, String path) {
        synchronized (s.lock) {
            if (!s.active || s.finished) {
                return;
            }
            s.log.write(
                    LogEvents.REQUEST_ENTERED,
                    "request_id",
                    id,
                    "method",
                    method,
                    "path",
                    path,
                    "server",
                    server,
                    "thread",
                    Thread.currentThread().getName());
        }
    }

    /**
     * Calls the public method {@code name} of {@code target} (with a String argument, or none) where a public type of
     * an exported package declares it: the object's own class is often a server's internal one.
     */
    private static Object call(Object target, String name, String... argument) throws ReflectiveOperationException {
        if (target == null) {
            return null;
        }
        Class<?>[] parameters = argument.length == 0 ? new Class<?>[0] : new Class<?>[] {String.class};
        Method method = visible(target.getClass(), name, parameters);
        return method.invoke(target, argument.length == 0 ? NO_ARGUMENTS : new Object[] {argument[0]});
    }

    private static Method visible(Class<?> type, String name, Class<?>[] parameters) throws NoSuchMethodException {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.add(type);
        while (!todo.isEmpty()) {
            Class<?> c = todo.poll();
            if (visible(c)) {
                try {
                    Method method = c.getMethod(name, parameters);
                    if (visible(method.getDeclaringClass())) {
                        return method;
                    }
                } catch (NoSuchMethodException notHere) {
                    // a supertype may still declare it
                }
            }
            if (c.getSuperclass() != null) {
                todo.add(c.getSuperclass());
            }
            for (Class<?> i : c.getInterfaces()) {
                todo.add(i);
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name + " in a public, exported type");
    }

    private static boolean visible(Class<?> type) {
        return Modifier.isPublic(type.getModifiers()) && type.getModule().isExported(type.getPackageName());
    }
}
