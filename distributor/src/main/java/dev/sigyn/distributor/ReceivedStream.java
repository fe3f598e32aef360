package dev.sigyn.distributor;

import dev.sigyn.logql.Entry;

import java.util.List;

/**
 * One stream of a decoded push, before validation: its label set still in the text form the client sent
 * (protobuf) or that Loki builds from the JSON object ({@code {a="b", c="d"}}), and its entries in request order.
 */
record ReceivedStream(String labels, List<Entry> entries) {
}
