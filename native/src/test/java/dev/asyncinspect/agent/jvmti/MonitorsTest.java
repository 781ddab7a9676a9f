package dev.asyncinspect.agent.jvmti;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

class MonitorsTest {

    /** A monitor nobody else locks. */
    static final class Lock {
    }

    private final AtomicBoolean stop = new AtomicBoolean();

    @BeforeAll
    static void load() {
        Library.load();
    }

    void holdWhileParked(Object lock, CountDownLatch holding) {
        synchronized (lock) {
            holding.countDown();
            while (!stop.get()) {
                LockSupport.park();
            }
        }
    }

    static void enter(Object lock) {
        synchronized (lock) {
            lock.hashCode();
        }
    }

    static synchronized void holdClassWhileParked(CountDownLatch holding, AtomicBoolean stop) {
        holding.countDown();
        while (!stop.get()) {
            LockSupport.park();
        }
    }

    @Test
    void anOwnerAndAThreadBlockedOnItsMonitor() throws Exception {
        Lock lock = new Lock();
        CountDownLatch holding = new CountDownLatch(1);
        Thread owner = Library.start(false, () -> holdWhileParked(lock, holding));
        holding.await();
        Thread blocked = Library.start(false, () -> enter(lock));
        Library.awaitState(blocked, state -> state == Thread.State.BLOCKED);

        Object[] ownedByOwner = owned(owner);
        Object[] ownedByBlocked = owned(blocked);
        Object contendedByBlocked = contended(blocked);
        Object contendedByOwner = contended(owner);
        release(owner, blocked);

        assertThat(ownedByOwner).containsExactly(lock);
        assertThat(ownedByBlocked).isEmpty();
        assertThat(contendedByBlocked).isSameAs(lock);
        assertThat(contendedByOwner).isNull();
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void virtualThreadsGetNoAnswer() throws Exception {
        Lock lock = new Lock();
        CountDownLatch holding = new CountDownLatch(1);
        Thread owner = Library.start(true, () -> holdWhileParked(lock, holding));
        holding.await();
        Thread blocked = Library.start(true, () -> enter(lock));
        Library.awaitState(blocked, state -> state == Thread.State.BLOCKED);

        Object[] ownedByOwner = owned(owner);
        Object contendedByBlocked = contended(blocked);
        release(owner, blocked);

        assertThat(ownedByOwner).isEmpty();
        assertThat(contendedByBlocked).isNull();
    }

    @Test
    void oneWalkAnswersForEveryThread() throws Exception {
        Lock lock = new Lock();
        CountDownLatch holding = new CountDownLatch(1);
        Thread owner = Library.start(false, () -> holdWhileParked(lock, holding));
        holding.await();
        Thread blocked = Library.start(false, () -> enter(lock));
        Library.awaitState(blocked, state -> state == Thread.State.BLOCKED);

        Object[] found = Jvmti.stackLocalObjects(new Thread[] {owner, blocked, owner});
        release(owner, blocked);

        Object[][] owned = (Object[][]) found[4];
        Object[] contended = (Object[]) found[5];
        assertThat(owned[0]).containsExactly(lock);
        assertThat(owned[1]).isEmpty();
        assertThat(owned[2]).containsExactly(lock);
        assertThat(contended).containsExactly(null, lock, null);
    }

    @Test
    void aThreadThatIsNotAliveHoldsNone() {
        Thread unstarted = new Thread(() -> { });
        assertThat(owned(unstarted)).isEmpty();
        assertThat(contended(unstarted)).isNull();
    }

    /** The monitors the thread owns, from a walk of its frames. */
    private static Object[] owned(Thread thread) {
        return ((Object[][]) Jvmti.stackLocalObjects(new Thread[] {thread})[4])[0];
    }

    /** The monitor the thread is blocked entering or waits on, from a walk of its frames. */
    private static Object contended(Thread thread) {
        return ((Object[]) Jvmti.stackLocalObjects(new Thread[] {thread})[5])[0];
    }

    private void release(Thread owner, Thread blocked) throws InterruptedException {
        stop.set(true);
        LockSupport.unpark(owner);
        owner.join();
        blocked.join();
    }

    @Test
    void aThreadInObjectWaitContendsForThatMonitorAndOwnsItNoMore() throws Exception {
        Lock lock = new Lock();
        Thread waiter = Library.start(false, () -> {
            synchronized (lock) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Library.awaitState(waiter, state -> state == Thread.State.WAITING);

        Object contended = contended(waiter);
        Object[] owned = owned(waiter);
        synchronized (lock) {
            lock.notifyAll();
        }
        waiter.join();

        assertThat(contended).isSameAs(lock);
        assertThat(owned).isEmpty();
    }

    @Test
    void aStaticSynchronizedMethodOwnsItsClass() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        Thread owner = Library.start(false, () -> holdClassWhileParked(holding, stop));
        holding.await();

        Object[] owned = owned(owner);
        stop.set(true);
        LockSupport.unpark(owner);
        owner.join();

        assertThat(owned).containsExactly(MonitorsTest.class);
    }

    @Test
    void aParkedThreadContendsForNothing() throws Exception {
        Thread parked = Library.start(false, () -> {
            while (!stop.get()) {
                LockSupport.park();
            }
        });
        Library.awaitState(parked, state -> state == Thread.State.WAITING);

        Object contended = contended(parked);
        Object[] owned = owned(parked);
        stop.set(true);
        LockSupport.unpark(parked);
        parked.join();

        assertThat(contended).isNull();
        assertThat(owned).isEmpty();
    }
}
