package dev.asyncinspect.serve.otlp;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** An exporter that says in one line when exports to the collector start failing, and when they work again. */
final class ReportingExporter implements SpanExporter {

    private final SpanExporter delegate;
    private final String endpoint;
    private final Consumer<String> warn;
    private final AtomicBoolean failing = new AtomicBoolean();

    ReportingExporter(SpanExporter delegate, String endpoint, Consumer<String> warn) {
        this.delegate = delegate;
        this.endpoint = endpoint;
        this.warn = warn;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        CompletableResultCode result = delegate.export(spans);
        result.whenComplete(() -> {
            if (!result.isSuccess() && failing.compareAndSet(false, true)) {
                Throwable why = result.getFailureThrowable();
                warn.accept("spans could not be sent to " + endpoint
                        + (why == null ? "" : " (" + (why.getMessage() == null ? why.getClass().getSimpleName() : why.getMessage()) + ")")
                        + "; still trying");
            } else if (result.isSuccess() && failing.compareAndSet(true, false)) {
                warn.accept("spans reach " + endpoint + " again");
            }
        });
        return result;
    }

    @Override
    public CompletableResultCode flush() {
        return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
        return delegate.shutdown();
    }
}
