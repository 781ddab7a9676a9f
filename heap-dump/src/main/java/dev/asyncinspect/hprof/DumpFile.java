package dev.asyncinspect.hprof;

import dev.asyncinspect.heap.Progress;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import shark.CloseableHeapGraph;
import shark.DualSourceProvider;
import shark.FileSourceProvider;
import shark.HprofHeader;
import shark.HprofIndex;
import shark.HprofRecordTag;
import shark.RandomAccessSource;

/**
 * An HPROF file opened for reading: checked, indexed by Shark (one streaming pass), and its thread
 * stacks read (a second pass, run alongside the first on its own thread). Bad input fails here with
 * one line that says what is wrong with the file.
 */
final class DumpFile implements AutoCloseable {

    private static final String MAGIC = "JAVA PROFILE 1.0.";

    final Path path;
    final HprofHeader header;
    final CloseableHeapGraph graph;
    final StackRecords stacks;

    private DumpFile(Path path, HprofHeader header, CloseableHeapGraph graph, StackRecords stacks) {
        this.path = path;
        this.header = header;
        this.graph = graph;
        this.stacks = stacks;
    }

    static DumpFile open(Path path, Progress progress) {
        checkHeader(path);
        File file = path.toFile();
        HprofHeader header;
        try {
            header = HprofHeader.Companion.parseHeaderOf(file);
        } catch (Exception e) {
            throw new HeapDumpException(path + " is not a heap dump this tool can read: " + e.getMessage(), e);
        }
        long size = file.length();
        AtomicLong read = new AtomicLong();
        DualSourceProvider counted = new CountingSource(file, read, new AtomicInteger(), size, progress);
        DualSourceProvider plain = new FileSourceProvider(file);
        StackRecords[] stacks = new StackRecords[1];
        Exception[] stackFailure = new Exception[1];
        Thread stackReader = new Thread(() -> {
            try {
                stacks[0] = StackRecords.read(plain, header);
            } catch (Exception e) {     // Kotlin code throws IOExceptions undeclared
                stackFailure[0] = e;
            }
        }, "hprof-stacks");
        stackReader.setDaemon(true);
        stackReader.start();
        CloseableHeapGraph graph;
        try {
            // GC roots are read by StackRecords, in file order; the index needs none of them.
            graph = HprofIndex.Companion.indexRecordsOf(counted, header, null, EnumSet.noneOf(HprofRecordTag.class))
                    .openHeapGraph();
            stackReader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HeapDumpException("interrupted while reading " + path);
        } catch (Exception e) {         // Kotlin code throws IOExceptions undeclared
            throw damaged(path, e);
        }
        if (stackFailure[0] != null) {
            closeQuietly(graph);
            throw damaged(path, stackFailure[0]);
        }
        if (!stacks[0].complete()) {
            closeQuietly(graph);
            throw new HeapDumpException(path + " is truncated: it ends before the heap dump's end record");
        }
        return new DumpFile(path, header, graph, stacks[0]);
    }

    private static void checkHeader(Path path) {
        if (!Files.exists(path)) {
            throw new HeapDumpException("no such file: " + path);
        }
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new HeapDumpException("cannot read " + path);
        }
        byte[] start = new byte[MAGIC.length()];
        int n;
        try (InputStream in = Files.newInputStream(path)) {
            n = in.readNBytes(start, 0, start.length);
        } catch (IOException e) {
            throw new HeapDumpException("cannot read " + path + ": " + e.getMessage(), e);
        }
        if (n >= 2 && (start[0] & 0xff) == 0x1f && (start[1] & 0xff) == 0x8b) {
            throw new HeapDumpException(path + " is gzip-compressed (GC.heap_dump -gz): gunzip it first");
        }
        if (n < start.length || !new String(start, StandardCharsets.ISO_8859_1).equals(MAGIC)) {
            throw new HeapDumpException(path + " is not an HPROF heap dump (take one with: jcmd <pid> GC.heap_dump <file>)");
        }
    }

    private static HeapDumpException damaged(Path path, Exception e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause != cause.getCause()) {
            cause = cause.getCause();
        }
        if (cause instanceof EOFException || e.getCause() instanceof EOFException || e instanceof IllegalStateException
                && String.valueOf(e.getMessage()).contains("exhausted")) {
            return new HeapDumpException(path + " is truncated: it ends in the middle of a record", e);
        }
        return new HeapDumpException(path + " is damaged or not a heap dump this tool can read (" + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")", e);
    }

    private static void closeQuietly(CloseableHeapGraph graph) {
        try {
            graph.close();
        } catch (IOException ignored) {
            // Read-only.
        }
    }

    @Override
    public void close() {
        closeQuietly(graph);
    }

    /** The file as Shark reads it, counting the bytes of the indexing pass for a progress line. */
    private record CountingSource(File file, AtomicLong read, AtomicInteger passes, long size, Progress progress)
            implements DualSourceProvider {

        @Override
        public BufferedSource openStreamingSource() {
            // Shark's indexer reads the file twice (sizes, then the index): each pass counts from zero.
            String what = "indexing heap dump, pass " + passes.incrementAndGet() + " (bytes)";
            read.set(0);
            try {
                return Okio.buffer(new ForwardingSource(Okio.source(file)) {
                    @Override
                    public long read(Buffer sink, long byteCount) throws IOException {
                        long n = super.read(sink, byteCount);
                        if (n > 0) {
                            progress.update(what, read.addAndGet(n), size);
                        }
                        return n;
                    }
                });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public RandomAccessSource openRandomAccessSource() {
            return new FileSourceProvider(file).openRandomAccessSource();
        }
    }
}
