package org.carnet.graphql;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Reading GraphQL input maps (as coerced by the schema) into the modules' types. */
final class Inputs {

	private Inputs() {
	}

	/** A list of enum names as a set; absent: empty. */
	static <E extends Enum<E>> Set<E> enums(Object values, Class<E> type) {
		if (!(values instanceof Collection<?> collection)) {
			return Set.of();
		}
		return collection.stream().map(v -> Enum.valueOf(type, v.toString())).collect(Collectors.toSet());
	}

	/** A {@code DateTime} input as an instant. */
	static Optional<Instant> instant(Object value) {
		return value instanceof OffsetDateTime time ? Optional.of(time.toInstant()) : Optional.empty();
	}
}
