package org.carnet.graphql;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.scalars.ExtendedScalars;
import graphql.schema.Coercing;
import graphql.schema.GraphQLScalarType;

/** The {@code DateTime} scalar of the extended scalars, which also serialises {@link Instant}s (as UTC). */
final class DateTimeScalar {

	@SuppressWarnings("unchecked")
	private static final Coercing<Object, String> BASE = (Coercing<Object, String>) ExtendedScalars.DateTime.getCoercing();

	static final GraphQLScalarType INSTANCE = GraphQLScalarType.newScalar()
		.name("DateTime")
		.description(ExtendedScalars.DateTime.getDescription())
		.coercing(new Coercing<Object, String>() {

			@Override
			public String serialize(Object value, GraphQLContext context, Locale locale) {
				Object temporal = value instanceof Instant instant ? instant.atOffset(ZoneOffset.UTC) : value;
				return BASE.serialize(temporal, context, locale);
			}

			@Override
			public Object parseValue(Object input, GraphQLContext context, Locale locale) {
				Object invalid = input instanceof String text ? invalidDay(text) : null;
				return invalid != null ? invalid : BASE.parseValue(input, context, locale);
			}

			@Override
			public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
					Locale locale) {
				Object invalid = input instanceof StringValue text ? invalidDay(text.getValue()) : null;
				return invalid != null ? invalid : BASE.parseLiteral(input, variables, context, locale);
			}
		})
		.build();

	private DateTimeScalar() {
	}

	/** The day of a date-time read strictly: {@code 2026-02-30T10:00:00Z} is refused, not moved to 28 February. */
	private static Object invalidDay(String text) {
		if (text.length() > 10 && (text.charAt(10) == 'T' || text.charAt(10) == 't')
				&& DateScalar.parse(text.substring(0, 10)) instanceof DateScalar.InvalidDate invalid) {
			return invalid;
		}
		return null;
	}
}
