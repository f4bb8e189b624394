package org.carnet.graphql;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.schema.DataFetchingEnvironment;
import org.carnet.core.BadInput;
import org.carnet.core.Forbidden;
import org.carnet.core.NotFound;
import org.carnet.core.Unavailable;
import org.carnet.keyring.Undecryptable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.TypeMismatchException;
import org.springframework.core.convert.ConversionException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.graphql.execution.DataFetcherExceptionResolverAdapter;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;

/**
 * Turns failures into typed GraphQL errors with a message a person can act on. Unknown failures answer a generic
 * message: no stack trace, SQL or data reaches the client; the log keeps the cause (ids only).
 */
@Component
class ErrorMapping extends DataFetcherExceptionResolverAdapter {

	private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

	@Override
	protected GraphQLError resolveToSingleError(Throwable ex, DataFetchingEnvironment env) {
		if (ex instanceof BadInput bad) {
			return error(env, ErrorType.BAD_REQUEST, bad.getMessage()).extensions(java.util.Map.of("field", bad.field()))
				.build();
		}
		if (ex instanceof ConsentRequired consent) {
			// the reason as a stable code, as the consent gate gives it for reads: clients word it themselves
			return error(env, ErrorType.CONSENT_REQUIRED, ex.getMessage())
				.extensions(java.util.Map.of("category", consent.category().name(), "reason", consent.reason()))
				.build();
		}
		if (ex instanceof NotFound) {
			return error(env, ErrorType.NOT_FOUND, ex.getMessage()).build();
		}
		if (ex instanceof Forbidden forbidden) {
			GraphqlErrorBuilder<?> error = error(env, ErrorType.FORBIDDEN, ex.getMessage());
			forbidden.reason().ifPresent(reason -> error.extensions(java.util.Map.of("reason", reason)));
			return error.build();
		}
		if (ex instanceof AccessDeniedException) {
			return error(env, ErrorType.FORBIDDEN, "You are not allowed to do this").build();
		}
		if (ex instanceof AuthenticationException) {
			return error(env, ErrorType.UNAUTHORIZED, "Sign in first").build();
		}
		if (ex instanceof Undecryptable) {
			log.error("Integrity failure in {}: {}", env.getExecutionStepInfo().getPath(), ex.getMessage());
			return error(env, ErrorType.INTEGRITY_FAILURE, ex.getMessage()).build();
		}
		if (ex instanceof Unavailable) {
			log.error("Unavailable in {}: {}", env.getExecutionStepInfo().getPath(), ex.getMessage(), ex);
			return error(env, ErrorType.UNAVAILABLE, ex.getMessage()).build();
		}
		// The database is down, restarting, or a lock or statement outlasted its bound: fail fast, try again later.
		if (ex instanceof DataAccessResourceFailureException || ex instanceof TransientDataAccessException) {
			log.warn("Database unavailable in {}: {}", env.getExecutionStepInfo().getPath(), ex.getClass().getSimpleName());
			return error(env, ErrorType.UNAVAILABLE, "The service is briefly unavailable; nothing was changed. "
					+ "Try again shortly").build();
		}
		// An argument Spring could not bind or convert (an id that is not one, say): the caller's mistake.
		if (ex instanceof ConversionException || ex instanceof TypeMismatchException || ex instanceof BindException) {
			return error(env, ErrorType.BAD_REQUEST, "A value given to " + env.getField().getName()
					+ " is not valid: check each argument").build();
		}
		log.error("Unexpected failure in {}", env.getExecutionStepInfo().getPath(), ex);
		return error(env, ErrorType.UNAVAILABLE, "The request could not be completed; nothing was changed").build();
	}

	/** A message that would name the code behind it (a class, a package, an exception) is not passed on. */
	private static GraphqlErrorBuilder<?> error(DataFetchingEnvironment env, ErrorType type, String message) {
		String plain = message == null || message.isBlank() || ErrorMessages.INTERNALS.matcher(message).find()
				? "The request could not be completed; nothing was changed" : message;
		return GraphqlErrorBuilder.newError(env).errorType(type).message(plain);
	}
}
