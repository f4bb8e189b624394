package org.carnet.identity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.support.GenericConversionService;
import org.springframework.core.serializer.support.DeserializingConverter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.PostgreSqlJdbcIndexedSessionRepositoryCustomizer;
import org.springframework.session.web.http.SessionRepositoryFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The HTTP sessions every replica shares: Spring Session JDBC keeps them in PostgreSQL (tables from the change set
 * {@code identity-016-http-sessions}), so a browser signed in through one replica is signed in on all. Each value a
 * session stores is bounded in size; each account holds a bounded number of sessions ({@link SessionLimit}), and the
 * sessions nobody signed in to are bounded per source and in total ({@link AnonymousSessions}).
 */
@Configuration(proxyBeanMethods = false)
class SharedSessions implements BeanClassLoaderAware {

	private static final Logger log = LoggerFactory.getLogger(SharedSessions.class);

	/** Where Spring Session's filter runs (Spring Boot's property, Spring Session's default). */
	private static final String SESSION_FILTER_ORDER = "${spring.session.servlet.filter-order:"
			+ SessionRepositoryFilter.DEFAULT_ORDER + "}";

	private ClassLoader classLoader;

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	/** Values serialised as Spring Session does, refused beyond {@code carnet.identity.sessions.max-attribute-size}. */
	@Bean
	SessionRepositoryCustomizer<JdbcIndexedSessionRepository> boundedSessionValues(SessionSettings settings) {
		int max = (int) Math.min(Integer.MAX_VALUE, settings.maxAttributeSize().toBytes());
		return repository -> {
			GenericConversionService conversions = new GenericConversionService();
			conversions.addConverter(Object.class, byte[].class, new BoundedSerializer(max));
			conversions.addConverter(byte[].class, Object.class, new DeserializingConverter(classLoader));
			repository.setConversionService(conversions);
		};
	}

	/**
	 * A value two concurrent requests of one session both store for the first time (a flash message, a CSRF token)
	 * is written by an upsert: with a plain insert the second request failed on the attribute's primary key.
	 */
	@Bean
	PostgreSqlJdbcIndexedSessionRepositoryCustomizer concurrentSessionValues() {
		return new PostgreSqlJdbcIndexedSessionRepositoryCustomizer();
	}

	@Bean
	AnonymousSessions anonymousSessions(JdbcClient jdbc, ClientAddresses addresses, SessionSettings settings) {
		return new AnonymousSessions(jdbc, addresses, settings);
	}

	/** Notes the session a request opens: just inside Spring Session's filter. */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> newSessionMarker(AnonymousSessions anonymous,
			@Value(SESSION_FILTER_ORDER) int sessionFilter) {
		return around("newSessionMarker", anonymous.marker(), sessionFilter + 1);
	}

	/** Bounds the sessions without a signed-in user once the request's session is stored: just outside it. */
	@Bean
	FilterRegistrationBean<OncePerRequestFilter> anonymousSessionCap(AnonymousSessions anonymous,
			@Value(SESSION_FILTER_ORDER) int sessionFilter) {
		return around("anonymousSessionCap", anonymous.cap(), sessionFilter - 1);
	}

	private static FilterRegistrationBean<OncePerRequestFilter> around(String name, OncePerRequestFilter filter,
			int order) {
		FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(filter);
		registration.setName(name);
		registration.addUrlPatterns("/*");
		registration.setOrder(order);
		return registration;
	}

	@Bean
	SessionLimit sessionLimit(FindByIndexNameSessionRepository<? extends Session> sessions, SessionSettings settings) {
		return new SessionLimit(sessions, settings);
	}

	/** Java serialisation that stops writing past {@code max} bytes: a session never stores a larger value. */
	static final class BoundedSerializer implements Converter<Object, byte[]> {

		private final int max;

		BoundedSerializer(int max) {
			this.max = max;
		}

		@Override
		public byte[] convert(Object value) {
			Bounded bytes = new Bounded(max);
			try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
				out.writeObject(value);
			}
			catch (TooLarge ex) {
				// the type only: a value may be personal
				log.error("A session value of type {} is larger than {} bytes: not stored", value.getClass().getName(),
						max);
				throw new IllegalStateException("A session value is larger than " + max + " bytes");
			}
			catch (IOException ex) {
				throw new IllegalStateException("A session value of type " + value.getClass().getName()
						+ " cannot be serialised: " + ex.getClass().getSimpleName(), ex);
			}
			return bytes.toByteArray();
		}
	}

	private static final class TooLarge extends IOException {

		private static final long serialVersionUID = 1L;

		TooLarge() {
			super(null, null);
		}
	}

	private static final class Bounded extends OutputStream {

		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);

		private final int max;

		Bounded(int max) {
			this.max = max;
		}

		@Override
		public void write(int b) throws IOException {
			check(1);
			bytes.write(b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			check(len);
			bytes.write(b, off, len);
		}

		private void check(int more) throws TooLarge {
			if (bytes.size() + more > max) {
				throw new TooLarge();
			}
		}

		byte[] toByteArray() {
			return bytes.toByteArray();
		}
	}
}
