package dev.asyncinspect.attach;

import java.util.OptionalInt;

/** What is checked before any attach request, each with the line the user reads when it fails. */
final class ProcessChecks {

    private static final int ROOT = 0;

    private ProcessChecks() {}

    static void check(long pid) {
        ProcessFacts facts = new ProcessFacts();
        if (pid == ProcessHandle.current().pid()) {
            throw new AttachException("pid " + pid + " is async-inspect itself");
        }
        if (!facts.exists(pid)) {
            throw new AttachException("no process with pid " + pid);
        }
        if (facts.exited(pid)) {
            throw new AttachException("the process with pid " + pid + " has exited (its parent has not collected it yet)");
        }
        int me = facts.currentUid();
        OptionalInt owner = facts.ownerUid(pid);
        // The target only accepts attach requests from its own user or root.
        if (me != ROOT && owner.isPresent() && owner.getAsInt() != me) {
            throw new AttachException("pid " + pid + " belongs to user " + facts.userName(owner.getAsInt())
                    + " (uid " + owner.getAsInt() + "); run async-inspect as that user");
        }
        // Attaching signals SIGQUIT, which would kill a process that is not a JVM.
        if (!facts.looksLikeJvm(pid)) {
            throw new AttachException("process " + pid + " (" + facts.commandName(pid)
                    + ") is not a Java virtual machine");
        }
    }
}
