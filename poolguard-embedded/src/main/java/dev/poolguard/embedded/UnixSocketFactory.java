package dev.poolguard.embedded;

import javax.net.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * A pgjdbc {@code socketFactory} that reaches the server through its Unix-domain socket (JDK 16+) instead of TCP;
 * {@code socketFactoryArg} is the socket file. {@link EmbeddedPostgresServer} uses it to set the superuser's
 * password through a socket in a directory only this user can open, before any TCP login is possible. pgjdbc
 * instantiates it by name, hence public.
 */
public final class UnixSocketFactory extends SocketFactory {

    private final Path socketFile;

    public UnixSocketFactory(String socketFile) {
        this.socketFile = Path.of(socketFile);
    }

    @Override
    public Socket createSocket() {
        return new UnixSocket(socketFile);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        Socket s = createSocket();
        s.connect(null);
        return s;
    }

    /** The {@link Socket} face pgjdbc talks to, over a Unix-domain channel: the TCP options are meaningless here. */
    private static final class UnixSocket extends Socket {
        private final Path file;
        private SocketChannel channel;
        private InputStream in;
        private OutputStream out;

        UnixSocket(Path file) {
            this.file = file;
        }

        @Override
        public synchronized void connect(SocketAddress ignored, int timeout) throws IOException {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(file));
            in = Channels.newInputStream(channel);
            out = Channels.newOutputStream(channel);
        }

        @Override
        public void connect(SocketAddress ignored) throws IOException {
            connect(ignored, 0);
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return requireConnected(in);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return requireConnected(out);
        }

        private <T> T requireConnected(T stream) throws SocketException {
            if (stream == null) {
                throw new SocketException("not connected to " + file);
            }
            return stream;
        }

        @Override
        public boolean isConnected() {
            return channel != null && channel.isConnected();
        }

        @Override
        public boolean isClosed() {
            return channel != null && !channel.isOpen();
        }

        @Override
        public synchronized void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }

        @Override
        public void shutdownInput() throws IOException {
            channel.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void setSoTimeout(int timeout) {
            // blocking channel streams have no read timeout; the server is local
        }

        @Override
        public int getSoTimeout() {
            return 0;
        }

        @Override
        public void setTcpNoDelay(boolean on) {
        }

        @Override
        public void setKeepAlive(boolean on) {
        }

        @Override
        public void setReceiveBufferSize(int size) {
        }

        @Override
        public void setSendBufferSize(int size) {
        }

        @Override
        public InetAddress getInetAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public String toString() {
            return "UnixSocket[" + file + "]";
        }
    }
}
