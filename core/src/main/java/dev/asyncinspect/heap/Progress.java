package dev.asyncinspect.heap;

/** Where long reads report how far they are, for a person watching a terminal. */
@FunctionalInterface
public interface Progress {

    Progress NONE = (what, done, total) -> { };

    /** @param total 0 when unknown */
    void update(String what, long done, long total);
}
