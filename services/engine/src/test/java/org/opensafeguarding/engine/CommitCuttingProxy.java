package org.opensafeguarding.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP relay between the engine and PostgreSQL that can cut one connection at its commit, the way a network
 * failure would: pgjdbc sends {@code Connection.commit()} as the query text {@code COMMIT} (every time, with
 * {@code prepareThreshold=0}). Armed, the first client packet holding those bytes ends that connection, either
 * before the packet reaches the server (nothing committed) or after the server answered it but before the answer
 * reaches the client (committed, answer lost). Then it disarms, so recovery's connections pass.
 */
final class CommitCuttingProxy implements AutoCloseable {

    enum Cut {
        /** Close before forwarding the commit: the server never commits. */
        BEFORE_COMMIT,
        /** Forward the commit, wait for the server's answer and drop it: committed, but the client never hears. */
        AFTER_COMMIT,
        /** As {@link #AFTER_COMMIT}, then cut every connection and refuse new ones until {@link #reconnect()}. */
        AFTER_COMMIT_THEN_DOWN
    }

    private static final byte[] COMMIT = "COMMIT".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicReference<Cut> armed = new AtomicReference<>();
    private final AtomicInteger cuts = new AtomicInteger();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean down;

    private CommitCuttingProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        start("proxy-accept", this::accept);
    }

    static CommitCuttingProxy to(int targetPort) {
        try {
            return new CommitCuttingProxy(targetPort);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    int port() {
        return listener.getLocalPort();
    }

    void arm(Cut cut) {
        armed.set(cut);
    }

    /** Lets connections through again after {@link Cut#AFTER_COMMIT_THEN_DOWN}. */
    void reconnect() {
        down = false;
    }

    /** How many connections were cut at a commit. */
    int cuts() {
        return cuts.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(CommitCuttingProxy::closeQuietly);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (down) {
                    client.close();
                    continue;
                }
                Socket server = new Socket();
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort));
                open.add(client);
                open.add(server);
                Link link = new Link(client, server);
                start("proxy-up", link::up);
                start("proxy-down", link::down);
            } catch (IOException e) {
                // listener closed, or one connection could not be opened: the engine sees a refused connection
            }
        }
    }

    private final class Link {
        final Socket client;
        final Socket server;
        volatile boolean dropAnswer;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void up() {
            pump(client, server, true);
        }

        void down() {
            pump(server, client, false);
        }

        private void pump(Socket from, Socket to, boolean fromClient) {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (fromClient && contains(buffer, read, COMMIT)) {
                        Cut cut = armed.getAndSet(null);
                        if (cut == Cut.BEFORE_COMMIT) {
                            cut();
                            return;
                        }
                        // set before forwarding, so the server's answer cannot slip through first
                        dropAnswer = cut == Cut.AFTER_COMMIT || cut == Cut.AFTER_COMMIT_THEN_DOWN;
                        if (cut == Cut.AFTER_COMMIT_THEN_DOWN) {
                            down = true;
                        }
                    } else if (!fromClient && dropAnswer) {
                        cut();
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close the other below
            } finally {
                closeQuietly(client);
                closeQuietly(server);
                open.remove(client);
                open.remove(server);
            }
        }

        private void cut() {
            cuts.incrementAndGet();
            if (down) {
                // the pool's idle connections too, and before this one: the engine learns of the cut from this
                // connection and at once asks the database, on another, whether the commit took; closed after this
                // one, an idle connection could still answer that (the test then saw the outcome learned, not unknown)
                open.forEach(CommitCuttingProxy::closeQuietly);
            }
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private static boolean contains(byte[] data, int length, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void start(String name, Runnable work) {
        Thread thread = new Thread(work, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
