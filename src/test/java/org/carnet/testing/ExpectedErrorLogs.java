package org.carnet.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * A test that makes Carnet fail on purpose (a ledger that refuses appends, a sealed Vault, a tampered audit row): the
 * ERROR lines the application logs meanwhile are what it should log, not a failure of the build. While such a test
 * runs they are kept from the console; when it passes, each is written once, short, at INFO under this class's
 * logger, saying why it was expected; when it fails, they are written as they came, in full, stack traces included.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(ExpectedErrorLogs.Extension.class)
public @interface ExpectedErrorLogs {

	/** What the test breaks on purpose, e.g. "the ledger refuses every append". */
	String value();

	/** Keeps the ERROR events of one test apart from the console, and writes them afterwards as the result says. */
	final class Extension implements BeforeTestExecutionCallback, AfterTestExecutionCallback {

		private static final org.slf4j.Logger log = LoggerFactory.getLogger(ExpectedErrorLogs.class);

		private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
			.create(ExpectedErrorLogs.class);

		@Override
		public void beforeTestExecution(ExtensionContext context) {
			context.getStore(NAMESPACE).put("capture", Capture.begin());
		}

		@Override
		public void afterTestExecution(ExtensionContext context) {
			Capture capture = context.getStore(NAMESPACE).remove("capture", Capture.class);
			if (capture == null) {
				return;
			}
			List<ILoggingEvent> events = capture.end();
			if (context.getExecutionException().isPresent()) {
				capture.replay(events);
				return;
			}
			String why = context.getElement()
				.map(element -> element.getAnnotation(ExpectedErrorLogs.class))
				.or(() -> context.getTestClass().map(type -> type.getAnnotation(ExpectedErrorLogs.class)))
				.map(ExpectedErrorLogs::value)
				.orElse("a fault made on purpose");
			for (ILoggingEvent event : events) {
				String message = event.getFormattedMessage();
				log.info("Expected while {}: {} said \"{}\"", why, shortName(event.getLoggerName()),
						message.length() > 300 ? message.substring(0, 300) + "..." : message);
			}
		}

		private static String shortName(String logger) {
			return logger.substring(logger.lastIndexOf('.') + 1);
		}
	}

	/** An appender on the root logger that collects ERROR events, and a filter that keeps them from the others. */
	final class Capture extends AppenderBase<ILoggingEvent> {

		private final List<ILoggingEvent> events = Collections.synchronizedList(new ArrayList<>());

		private final List<Appender<ILoggingEvent>> others = new ArrayList<>();

		private final Filter<ILoggingEvent> holdErrors = new Filter<>() {
			@Override
			public FilterReply decide(ILoggingEvent event) {
				return Capture.this.isStarted() && event.getLevel().isGreaterOrEqual(Level.ERROR) ? FilterReply.DENY
						: FilterReply.NEUTRAL;
			}
		};

		static Capture begin() {
			Capture capture = new Capture();
			if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
				return capture;
			}
			Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
			root.iteratorForAppenders().forEachRemaining(appender -> {
				capture.others.add(appender);
				appender.addFilter(capture.holdErrors);
			});
			capture.setContext(context);
			capture.setName("expected-errors");
			capture.start();
			root.addAppender(capture);
			return capture;
		}

		@Override
		protected void append(ILoggingEvent event) {
			if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
				event.prepareForDeferredProcessing();
				events.add(event);
			}
		}

		/** Stops collecting and lets ERROR events through again; answers those collected. */
		List<ILoggingEvent> end() {
			stop();
			if (getContext() instanceof LoggerContext context) {
				context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(this);
			}
			for (Appender<ILoggingEvent> appender : others) {
				List<Filter<ILoggingEvent>> filters = appender.getCopyOfAttachedFiltersList();
				appender.clearAllFilters();
				filters.stream().filter(filter -> filter != holdErrors).forEach(appender::addFilter);
			}
			synchronized (events) {
				return List.copyOf(events);
			}
		}

		/** Writes the events to the appenders they were kept from, as they came. */
		void replay(List<ILoggingEvent> collected) {
			for (ILoggingEvent event : collected) {
				others.forEach(appender -> appender.doAppend(event));
			}
		}
	}
}
