/** Loki's rules configuration API ({@code /loki/api/v1/rules}, {@code /api/prom/rules}) over a rule store. */
package dev.sigyn.ruler.api;
