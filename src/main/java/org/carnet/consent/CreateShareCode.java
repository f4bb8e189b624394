package org.carnet.consent;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.carnet.core.Category;
import org.carnet.core.Purpose;

/**
 * What a share code grants to the clinician who redeems it (the input of {@code createShareCode}).
 *
 * @param categories what the grant opens (at least one)
 * @param access read (default), or read and write
 * @param purposes for which purposes (at least one)
 * @param grantDuration how long the grant lasts from redemption (default and maximum from policy)
 */
public record CreateShareCode(Set<Category> categories, Access access, Set<Purpose> purposes,
		Optional<Duration> grantDuration) {

	public CreateShareCode {
		categories = categories == null ? Set.of() : Set.copyOf(categories);
		purposes = purposes == null ? Set.of() : Set.copyOf(purposes);
		grantDuration = grantDuration == null ? Optional.empty() : grantDuration;
	}
}
