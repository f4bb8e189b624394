package org.carnet.graphql;

import java.util.Locale;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import org.carnet.core.Jurisdiction;

/** The {@code CountryCode} scalar: an ISO 3166-1 alpha-2 code, read into a {@link Jurisdiction}. */
final class CountryCodeScalar {

	static final GraphQLScalarType INSTANCE = GraphQLScalarType.newScalar()
		.name("CountryCode")
		.description("A country as ISO 3166-1 alpha-2 code")
		.coercing(new Coercing<Jurisdiction, String>() {

			@Override
			public String serialize(Object value, GraphQLContext context, Locale locale) {
				if (value instanceof Jurisdiction jurisdiction) {
					return jurisdiction.code();
				}
				if (value instanceof String code && Jurisdiction.isKnown(code)) {
					return code;
				}
				throw new CoercingSerializeException("Not a country code: " + value);
			}

			@Override
			public Jurisdiction parseValue(Object input, GraphQLContext context, Locale locale) {
				if (input instanceof String code && Jurisdiction.isKnown(code.toUpperCase(Locale.ROOT))) {
					return Jurisdiction.of(code.toUpperCase(Locale.ROOT));
				}
				throw new CoercingParseValueException(
						"'" + input + "' is not an ISO 3166-1 alpha-2 country code (e.g. GR, DE, IT)");
			}

			@Override
			public Jurisdiction parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
					Locale locale) {
				if (input instanceof StringValue string) {
					try {
						return parseValue(string.getValue(), context, locale);
					}
					catch (CoercingParseValueException ex) {
						throw new CoercingParseLiteralException(ex.getMessage());
					}
				}
				throw new CoercingParseLiteralException("A country code is a string such as \"GR\"");
			}
		})
		.build();

	private CountryCodeScalar() {
	}
}
