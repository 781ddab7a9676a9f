package dev.asyncinspect.recognize.reactor;

import dev.asyncinspect.heap.ArrayContents;
import dev.asyncinspect.heap.HeapValue;
import dev.asyncinspect.heap.HeapView;
import dev.asyncinspect.heap.ObjectFields;
import dev.asyncinspect.heap.ObjectRef;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The HTTP requests Reactor Netty carries, as a person says them: the one a server connection
 * ({@code HttpServerOperations}) answers, {@code HTTP GET /stock/sku-4}, and the one a client connect
 * waits to be answered, {@code HTTP GET http://127.0.0.1:8080/stock/sku-5}: its connection observer
 * holds the connect's sink and a handler with the method and the URI. Netty names a method with an
 * {@code AsciiString}.
 */
final class NettyRequests {

    static final String SERVER = "reactor.netty.http.server.HttpServerOperations";
    /** A client connect's observers: the second on a connection an I/O handler was added to. */
    static final List<String> CLIENT_OBSERVERS = List.of("reactor.netty.http.client.HttpClientConnect$HttpObserver",
            "reactor.netty.http.client.HttpClientConnect$HttpIOHandlerObserver");

    private NettyRequests() {}

    /** Each server connection's request line, by the connection. */
    static Map<ObjectRef, String> served(HeapView heap, Collection<ObjectFields> connections) {
        Map<ObjectRef, ObjectFields> requests = heap.fields(connections.stream().map(c -> c.ref("nettyRequest")).filter(Objects::nonNull).toList());
        Map<ObjectRef, String> verbs = verbs(heap, requests.values().stream().map(r -> r.ref("method")).filter(Objects::nonNull).toList());
        Map<ObjectRef, String> uris = heap.strings(requests.values().stream().map(r -> r.ref("uri")).filter(Objects::nonNull).toList());
        Map<ObjectRef, String> lines = new HashMap<>();
        connections.forEach(connection -> {
            ObjectFields request = requests.get(connection.ref("nettyRequest"));
            String uri = request == null ? null : uris.get(request.ref("uri"));
            if (uri != null) {
                lines.put(connection.object(), line(verbs.get(request.ref("method")), uri));
            }
        });
        return lines;
    }

    /** Each client request's line, by the sink of the connect its response completes. */
    static Map<ObjectRef, String> awaited(HeapView heap, Collection<ObjectFields> observers) {
        Map<ObjectRef, ObjectFields> handlers = heap.fields(observers.stream().map(o -> o.ref("handler")).filter(Objects::nonNull).distinct().toList());
        Map<ObjectRef, String> verbs = verbs(heap, handlers.values().stream().map(h -> h.ref("method")).filter(Objects::nonNull).toList());
        Map<ObjectRef, ObjectFields> endpoints = heap.fields(handlers.values().stream().map(h -> h.ref("toURI")).filter(Objects::nonNull).toList());
        Map<ObjectRef, String> texts = heap.strings(endpoints.values().stream().flatMap(e -> java.util.stream.Stream.of(e.ref("scheme"), e.ref("host"), e.ref("pathAndQuery")))
                .filter(Objects::nonNull).toList());
        Map<ObjectRef, String> lines = new HashMap<>();
        observers.forEach(observer -> {
            ObjectFields handler = handlers.get(observer.ref("handler"));
            ObjectFields endpoint = handler == null ? null : endpoints.get(handler.ref("toURI"));
            if (endpoint != null && observer.ref("sink") != null) {
                String url = texts.getOrDefault(endpoint.ref("scheme"), "http") + "://" + texts.getOrDefault(endpoint.ref("host"), "?")
                        + ":" + endpoint.intValue("port", 0) + texts.getOrDefault(endpoint.ref("pathAndQuery"), "");
                lines.put(observer.ref("sink"), line(verbs.get(handler.ref("method")), url));
            }
        });
        return lines;
    }

    private static String line(String verb, String uri) {
        return "HTTP " + (verb == null ? "" : verb + " ") + uri;
    }

    /** Netty's HttpMethods by their names: an AsciiString's bytes, a few of them. */
    private static Map<ObjectRef, String> verbs(HeapView heap, Collection<ObjectRef> methods) {
        Map<ObjectRef, ObjectFields> read = heap.fields(methods.stream().distinct().toList());
        Map<ObjectRef, ObjectFields> names = heap.fields(read.values().stream().map(m -> m.ref("name")).filter(Objects::nonNull).toList());
        Map<ObjectRef, ArrayContents> bytes = heap.arrays(names.values().stream().map(n -> n.ref("value")).filter(Objects::nonNull).toList(), 16);
        Map<ObjectRef, String> verbs = new HashMap<>();
        read.values().forEach(method -> {
            ObjectFields name = names.get(method.ref("name"));
            ArrayContents text = name == null ? null : bytes.get(name.ref("value"));
            String verb = text == null ? null : ascii(text, name.intValue("offset", 0), name.intValue("length", 0));
            if (verb != null) {
                verbs.put(method.object(), verb);
            }
        });
        return verbs;
    }

    private static String ascii(ArrayContents bytes, int offset, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = offset; i < Math.min(offset + length, bytes.first().size()); i++) {
            if (bytes.first().get(i) instanceof HeapValue.Primitive p && p.value() instanceof Byte b) {
                text.append((char) (b & 0x7f));
            }
        }
        return text.isEmpty() ? null : text.toString();
    }
}
