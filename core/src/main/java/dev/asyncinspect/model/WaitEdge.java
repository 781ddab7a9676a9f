package dev.asyncinspect.model;

/**
 * What a task waits for.
 *
 * @param kind        what sort of wait it is
 * @param target      the id of the task that must act for the wait to end, or null
 * @param resource    the resource waited on, or null
 * @param description one line in the user's words
 */
public record WaitEdge(Kind kind, String target, Resource resource, String description) {

    /** Sorts of wait, by the label the views and the JSON snapshot show. */
    public enum Kind implements Labelled {
        MONITOR("monitor"),
        WAIT("wait"),
        LOCK("lock"),
        PARK("park"),
        SLEEP("sleep"),
        FUTURE("future"),
        THREAD("thread"),
        AWAIT("await"),
        JOIN("join"),
        MUTEX("mutex"),
        CHILD("child"),
        DELAY("delay"),
        EXECUTOR("executor"),
        FLOW("flow"),
        PUBLISHER("publisher"),
        SINK("sink"),
        SOCKET("socket"),
        SUSPENSION("suspension"),
        COMPLETION("completion"),
        COROUTINE("coroutine"),
        CHANNEL_SEND("channel-send"),
        CHANNEL_RECEIVE("channel-receive"),
        BYTES_READ("bytes-read"),
        BYTES_WRITE("bytes-write");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String label() {
            return label;
        }

        public static Kind fromLabel(String label) {
            return Labelled.parse(Kind.class, label, "wait kind");
        }
    }
}
