package dev.sigyn.querier.frontend;

import java.util.List;

/**
 * The queriers a query frontend may send work to now, asked afresh for every split and call, so that a querier that
 * joins gets work without the frontend being reconfigured. A querier that has just died may still be listed; the
 * frontend then retries its work on another.
 */
@FunctionalInterface
public interface QuerierDirectory {
    List<QuerierAddress> queriers();
}
