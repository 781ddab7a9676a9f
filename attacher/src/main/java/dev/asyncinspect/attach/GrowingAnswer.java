package dev.asyncinspect.attach;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's answer file read while the agent is still writing it, so that decoding overlaps
 * writing instead of following it. The agent never waits for the tool (it writes a file, not a
 * pipe); this side waits at the end of what is written so far until the agent has returned, and
 * only then takes the end of the file for the end of the answer.
 */
final class GrowingAnswer extends InputStream {

    private static final long POLL_NANOS = 1_000_000;

    private final Path file;
    private FileChannel channel;
    private volatile boolean agentReturned;
    private volatile boolean closed;

    GrowingAnswer(Path file) {
        this.file = file;
    }

    /** The agent has returned: what the file holds now is all there will be. */
    void agentReturned() {
        agentReturned = true;
    }

    /** Whether the agent began an answer at all. */
    boolean appeared() {
        return channel != null || Files.exists(file);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!closed) {
            boolean last = agentReturned;     // read before looking, so nothing written after is missed
            if (channel == null) {
                try {
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                } catch (NoSuchFileException notYet) {
                    if (last) {
                        return -1;
                    }
                }
            }
            if (channel != null) {
                int read = channel.read(ByteBuffer.wrap(bytes, offset, length));
                if (read > 0) {
                    return read;
                }
                if (last) {
                    return -1;
                }
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        throw new IOException("the agent's answer was abandoned");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        if (channel != null) {
            channel.close();
        }
    }
}
