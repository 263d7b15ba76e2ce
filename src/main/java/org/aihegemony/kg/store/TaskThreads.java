package org.aihegemony.kg.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The build's way of sharing a list of tasks among threads: tasks {@code 0..n-1} are taken in turn by
 * threads of their own and, once its own work is done, by the calling thread, so no core idles while a long
 * task still runs. After the first failure no task is started; those running are waited for (they may be
 * reading or writing a staging store that is about to be removed), then the failure is thrown as it was.
 */
final class TaskThreads {
    private TaskThreads() {}

    /**
     * Runs {@code task} for each of {@code 0..tasks-1} on {@code threads} threads named {@code name-1...}
     * and on this one once {@code callerFirst} has run here; returns when every task has ended. An interrupt
     * of this thread does not cut the wait short: it is set again on return, for the caller to act on.
     */
    static void run(int tasks, int threads, String name, Runnable callerFirst, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < tasks) {
                try {
                    task.accept(i);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }
        };
        List<Thread> started = new ArrayList<>();
        for (int k = 1; k <= threads; k++) {
            Thread t = new Thread(worker, name + "-" + k);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        try {
            callerFirst.run();
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
        worker.run();
        boolean interrupted = false;
        for (Thread t : started) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted)
            Thread.currentThread().interrupt();
        Throwable t = failure.get();
        if (t instanceof RuntimeException r)
            throw r;
        if (t instanceof Error e)
            throw e;
        if (t != null)
            throw new IllegalStateException(t);
    }
}
