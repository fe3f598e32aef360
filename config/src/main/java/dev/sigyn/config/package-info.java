/**
 * Sigyn's configuration: {@link dev.sigyn.config.ConfigLoader} turns Loki-style flags and a Loki-style YAML file into
 * a {@link dev.sigyn.config.SigynConfig} (rejecting typos, warning about Loki keys Sigyn ignores), and
 * {@link dev.sigyn.config.ConfigYaml} prints it back in Loki's format. The user reference is docs/configuration.md.
 * Every component depends on this module, so it also holds the two seams they all share: who a request's tenant is
 * ({@link dev.sigyn.config.TenantResolver}) and whether a component is ready ({@link dev.sigyn.config.Readiness}).
 */
package dev.sigyn.config;
