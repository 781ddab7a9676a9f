package dev.asyncinspect.examples;

import java.util.concurrent.CountDownLatch;

/**
 * A target whose names and values are markup: a thread named like an HTML image tag waits with a local
 * that holds a script tag. A view that shows them must show the text, never run it. Prints READY.
 */
public final class Markup {

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Thread waiter = new Thread(() -> hold("<script>window.pwned = 'value'</script>", never),
                "<img src=x onerror=\"window.pwned='name'\">");
        waiter.start();
        System.out.println("READY");
        waiter.join();
    }

    private static void hold(String note, CountDownLatch never) {
        try {
            never.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println(note.length());
    }
}
