package dev.asyncinspect.examples;

/** A JVM that does nothing: the target for attach errors (no JDWP) and for kill/quit safety. */
public final class Idle {
    public static void main(String[] args) throws InterruptedException {
        System.out.println("READY");
        while (true) {
            Thread.sleep(50);
        }
    }
}
