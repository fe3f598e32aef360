package dev.sigyn.server;

/** Placeholder while the cluster parts land; replaced by the wiring of each part. */
final class ClusterParts {
    private ClusterParts() {}
}
