package org.carnet.graphql.read;

import java.util.List;
import java.util.Map;

import graphql.GraphQLContext;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.language.EnumValue;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLAppliedDirective;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.SchemaDirectiveWiring;
import graphql.schema.idl.SchemaDirectiveWiringEnvironment;
import org.carnet.consent.ConsentDecision;
import org.carnet.core.Category;
import org.carnet.core.Purpose;
import org.carnet.graphql.ErrorType;
import org.carnet.record.Person;

import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The consent gate, wired once from the schema's {@code @category} directive: before a classified field is
 * fetched, the consent decision for its category is taken. A denied field is never fetched (so never read from the
 * database nor decrypted) and resolves to null with one CONSENT_REQUIRED error naming its category; the answer is
 * the same whether or not the person has data there.
 * <p>
 * The decision is the request's one decision for the person and purpose ({@link ReadDecisions}); what the gate
 * serves and withholds is tallied for the audit ({@link ReadAudit}). An allowed field is then fetched by its own
 * fetcher: for {@code Person}'s health fields, the {@link SectionLoader}; an allow that opens only the coarse view
 * of its category serves that view ({@link CoarseViews}), computed here, so the fine values never leave.
 * <p>
 * Where the person's home policy hides restrictions ({@code reads.restrictions: hidden}), a denied field answers
 * exactly as an allowed empty one (an empty list, or null), without an error: the requester cannot tell a withheld
 * category from an empty one, nor read why (a revocation, say). The audit still records it as withheld.
 */
@Component
class ConsentGate implements RuntimeWiringConfigurer {

	@Override
	public void configure(graphql.schema.idl.RuntimeWiring.Builder builder) {
		builder.directiveWiring(new SchemaDirectiveWiring() {
			@Override
			public GraphQLFieldDefinition onField(SchemaDirectiveWiringEnvironment<GraphQLFieldDefinition> env) {
				GraphQLAppliedDirective directive = env.getAppliedDirective("category");
				if (directive == null) {
					return env.getElement();
				}
				Category category = category(directive);
				DataFetcher<?> original = env.getFieldDataFetcher();
				env.setFieldDataFetcher(fetcher -> gated(fetcher, category, original));
				return env.getElement();
			}
		});
	}

	private static Object gated(DataFetchingEnvironment env, Category category, DataFetcher<?> original)
			throws Exception {
		Person person = env.getSource();
		Purpose purpose = purposeOf(env);
		GraphQLContext context = env.getGraphQlContext();
		ReadAudit audit = ReadAudit.of(context);
		ReadDecisions decisions = ReadDecisions.of(context);
		ConsentDecision decision;
		try {
			decision = decisions.decision(person, purpose, category);
		}
		catch (RuntimeException ex) {
			audit.failed(person, purpose);
			throw ex;
		}
		if (decision.denied()) {
			audit.withheld(person, purpose, category);
			if (decisions.hidden(person)) {
				return GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(env.getFieldType())) ? List.of() : null;
			}
			String reason = decision.reason().map(Enum::name).orElse("NO_GRANT");
			String message = decision.reason().map(r -> r.message()).orElse("Consent required");
			return DataFetcherResult.newResult()
				.data(null)
				.error(GraphqlErrorBuilder.newError(env)
					.errorType(ErrorType.CONSENT_REQUIRED)
					.message(message + " (" + category + ")")
					.extensions(Map.of("category", category.name(), "reason", reason))
					.build())
				.build();
		}
		audit.served(person, purpose, category, decision);
		Object value = original.get(env);
		return decision.coarse() ? CoarseViews.of(category, value) : value;
	}

	/** The purpose the person was asked for with ({@code person(id, purpose)}); the person's own reads: TREATMENT. */
	private static Purpose purposeOf(DataFetchingEnvironment env) {
		Object local = env.getLocalContext();
		return local instanceof Purpose purpose ? purpose : Purpose.TREATMENT;
	}

	/** The category a {@code @category} directive names. */
	static Category category(GraphQLAppliedDirective directive) {
		Object value = directive.getArgument("name").getValue();
		if (value instanceof EnumValue enumValue) {
			return Category.valueOf(enumValue.getName());
		}
		return Category.valueOf(value.toString());
	}
}
