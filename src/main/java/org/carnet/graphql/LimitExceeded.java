package org.carnet.graphql;

import java.util.LinkedHashMap;
import java.util.Map;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;

/**
 * A request refused because it asks for more than a limit of {@link GraphQlLimits} allows: a BAD_REQUEST error whose
 * extensions name the limit, its maximum and the value measured, so a client knows what to change.
 *
 * @param limit the limit's name, as in {@code carnet.graphql.limits} (e.g. {@code aliases}, {@code cost})
 * @param maximum what the limit allows
 * @param measured what the request asked for (for tokens, at least this many: the parser stops at the limit)
 * @param message what happened and what to do, for a person
 */
record LimitExceeded(String limit, long maximum, long measured, String message) {

	GraphQLError toError() {
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put("limit", limit);
		extensions.put("maximum", maximum);
		extensions.put("measured", measured);
		return GraphqlErrorBuilder.newError()
			.errorType(ErrorType.BAD_REQUEST)
			.message("%s", message)
			.extensions(extensions)
			.build();
	}

	/** The usual refusal: "... it has 80 aliased fields; the limit is 15. ..." */
	static LimitExceeded of(String limit, long maximum, long measured, String what, String advice) {
		return new LimitExceeded(limit, maximum, measured,
				"The request was refused before it ran: it has " + measured + " " + what + "; the limit is "
						+ maximum + ". " + advice);
	}
}
