package org.carnet.graphql;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationFieldFetchParameters;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLEnumType;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLType;
import org.carnet.core.BadInput;
import org.carnet.core.Text;


/**
 * Checks every argument of every field before its fetcher runs, whichever way it arrived (inline literal or
 * variable, at any depth of input objects and lists): every text value (String, ID and custom scalars read as
 * text) must pass {@link Text}, and every date must be a real calendar day. A refusal is a BAD_REQUEST naming the
 * argument path (e.g. {@code input.identity.givenNames} or {@code input.languages[1]}); the field's fetcher is
 * not called, so nothing is stored. Tabs and line breaks are accepted only in the multi-line fields listed here.
 */
class InputChecks extends SimplePerformantInstrumentation {

	/** Input fields and arguments meant for several lines of text. */
	static final Set<String> MULTI_LINE = Set.of("notes", "note", "summary", "description", "reaction", "address",
			"reason", "justification", "message");

	@Override
	public DataFetcher<?> instrumentDataFetcher(DataFetcher<?> fetcher, InstrumentationFieldFetchParameters parameters,
			InstrumentationState state) {
		// A property fetcher reads no argument, so nothing it is given can be stored; asking for its field would
		// build a whole fetching environment per result field (the measured cost of a large read), so skip it first.
		if (parameters.isTrivialDataFetcher()) {
			return fetcher;
		}
		GraphQLFieldDefinition field = parameters.getField();
		if (field == null || field.getArguments().isEmpty()) {
			return fetcher;
		}
		return environment -> {
			Map<String, Object> arguments = environment.getArguments();
			for (GraphQLArgument argument : field.getArguments()) {
				if (arguments.containsKey(argument.getName())) {
					check(argument.getType(), arguments.get(argument.getName()), argument.getName(), argument.getName());
				}
			}
			return fetcher.get(environment);
		};
	}

	static void check(GraphQLType type, Object value, String path, String name) {
		if (value == null) {
			return;
		}
		GraphQLType unwrapped = type instanceof GraphQLNonNull nonNull ? nonNull.getWrappedType() : type;
		if (value instanceof DateScalar.InvalidDate invalid) {
			throw new BadInput(path, invalid.problem());
		}
		if (unwrapped instanceof GraphQLList list) {
			if (value instanceof List<?> values) {
				for (int i = 0; i < values.size(); i++) {
					check(list.getWrappedType(), values.get(i), path + "[" + i + "]", name);
				}
			}
			else {
				check(list.getWrappedType(), value, path, name);
			}
			return;
		}
		if (unwrapped instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
			for (GraphQLInputObjectField inputField : object.getFieldDefinitions()) {
				Object fieldValue = fields.get(inputField.getName());
				if (fieldValue != null) {
					check(inputField.getType(), fieldValue, path + "." + inputField.getName(), inputField.getName());
				}
			}
			return;
		}
		if (unwrapped instanceof GraphQLEnumType) {
			return;
		}
		if (value instanceof String text) {
			Text.check(path, text, MULTI_LINE.contains(name));
		}
		else if (value instanceof OffsetDateTime time && (time.getYear() < 1900 || time.getYear() > 9999)) {
			throw new BadInput(path, "must lie between the years 1900 and 9999");
		}
	}
}
