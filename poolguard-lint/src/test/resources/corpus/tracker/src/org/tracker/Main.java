package org.tracker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the server. Every thread's uncaught failure is logged: the handler below is installed first. */
public final class Main {

    private static final Logger LOGGER = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> LOGGER.error("Thread exception", e));
        new ServerManager(args[0]).start();
    }
}
