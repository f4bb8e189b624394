package org.carnet.graphql;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
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
				return BASE.parseValue(input, context, locale);
			}

			@Override
			public Object parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
					Locale locale) {
				return BASE.parseLiteral(input, variables, context, locale);
			}
		})
		.build();

	private DateTimeScalar() {
	}
}
