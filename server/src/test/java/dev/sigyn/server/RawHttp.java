package dev.sigyn.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP/1.1 over a plain socket, for clients that misbehave on purpose: slow, silent, dripping. */
final class RawHttp {
    private RawHttp() {}

    /**
     * One answer with a Content-Length body (status line, headers and body as text), or null when none begins
     * within {@code wait}. A connection closed or reset after the answer is fine.
     */
    static String readAnswer(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) Math.max(1, wait.toMillis()));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            int c = in.read();
            if (c < 0) return null;
            s.setSoTimeout(30_000); // begun: the rest follows at once
            for (; c >= 0; c = in.read()) {
                head.write(c);
                if (head.size() >= 4 && endsWithBlankLine(head.toByteArray())) break;
            }
        } catch (SocketTimeoutException e) {
            if (head.size() == 0) return null;
            throw e;
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        byte[] body = in.readNBytes(length);
        return headers + new String(body, StandardCharsets.UTF_8);
    }

    /** True when the server closes the connection within {@code wait} (whatever it sent before). */
    static boolean closedWithin(Socket s, Duration wait) throws IOException {
        s.setSoTimeout((int) Math.max(1, wait.toMillis()));
        InputStream in = s.getInputStream();
        byte[] buf = new byte[8192];
        try {
            while (in.read(buf) >= 0) {
                // what it sent before closing
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private static boolean endsWithBlankLine(byte[] b) {
        int n = b.length;
        return b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }
}
