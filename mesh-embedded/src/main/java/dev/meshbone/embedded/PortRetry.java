package dev.meshbone.embedded;

import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a server on a port pair (its public port and an internal one), retrying on new free ports when another
 * process took one between {@link FreePorts#next()} and the server's bind. A port the caller chose is never swapped.
 */
final class PortRetry {

    private static final Logger LOGGER = LoggerFactory.getLogger(PortRetry.class);
    private static final int ATTEMPTS = 3;

    private PortRetry() {
    }

    /** One start attempt on the given ports. */
    @FunctionalInterface
    interface Start<T> {
        T on(int port, int internalPort);
    }

    /**
     * @param what      the server's name, for the log
     * @param port      the public port, or 0 for a free one
     * @param start     starts the server once
     * @param portTaken whether a failed start failed because a port was taken
     */
    static <T> T start(String what, int port, Start<T> start, Predicate<RuntimeException> portTaken) {
        for (int attempt = 1; ; attempt++) {
            int publicPort = port == 0 ? FreePorts.next() : port;
            int internalPort = FreePorts.next();
            try {
                return start.on(publicPort, internalPort);
            } catch (RuntimeException e) {
                if (port != 0 || attempt == ATTEMPTS || !portTaken.test(e)) {
                    throw e;
                }
                LOGGER.info("{} port {} or {} was taken meanwhile; retrying on other ports", what, publicPort,
                        internalPort);
            }
        }
    }
}
