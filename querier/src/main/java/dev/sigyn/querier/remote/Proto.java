package dev.sigyn.querier.remote;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import dev.sigyn.logql.Label;
import dev.sigyn.logql.Labels;

import java.io.IOException;
import java.util.List;

/**
 * The pieces of protobuf the querier's internal messages share (the read path's and the query-frontend's splits),
 * written by hand as elsewhere in Sigyn: {@code message Label { string name = 1; string value = 2; }}.
 */
public final class Proto {
    /** The version of the read path's messages this code writes and reads. */
    static final int VERSION = 1;

    private Proto() {}

    /** The encoded size of {@code labels} as a repeated Label field. */
    public static int labelsSize(int field, Labels labels) {
        int size = 0;
        for (int i = 0; i < labels.size(); i++) size += nestedSize(field, labelBody(labels.get(i)));
        return size;
    }

    public static void writeLabels(CodedOutputStream out, int field, Labels labels) throws IOException {
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            out.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(labelBody(l));
            out.writeString(1, l.name());
            out.writeString(2, l.value());
        }
    }

    /** Reads one Label (its length prefix first) into {@code into}. */
    public static void readLabel(CodedInputStream in, List<Label> into) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String name = "", value = "";
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readString();
                case 2 -> value = in.readString();
                default -> in.skipField(tag);
            }
        }
        in.popLimit(limit);
        into.add(new Label(name, value));
    }

    static Labels labels(List<Label> read) {
        return read == null || read.isEmpty() ? Labels.EMPTY : Labels.of(read);
    }

    /** The size of a length-delimited field holding a message of {@code bodySize} bytes. */
    public static int nestedSize(int field, int bodySize) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt32SizeNoTag(bodySize) + bodySize;
    }

    /** Refuses a message of a version this code does not read, saying which. */
    static void checkVersion(int version, String what) throws IOException {
        if (version != VERSION) {
            throw new IOException(what + " of version " + version + "; this Sigyn reads version " + VERSION
                    + " (are the querier and the ingester of different releases?)");
        }
    }

    private static int labelBody(Label l) {
        return CodedOutputStream.computeStringSize(1, l.name()) + CodedOutputStream.computeStringSize(2, l.value());
    }
}
