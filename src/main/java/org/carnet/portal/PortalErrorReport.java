package org.carnet.portal;

import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.catalina.Context;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import org.springframework.web.util.HtmlUtils;

/**
 * Errors Tomcat answers before the application sees the request (a malformed address such as {@code /portal/%ZZ}
 * maps to no application, so {@link PortalErrors} is never asked): a plain page in the browser's language, with the
 * portal's stylesheet and a way back, or {@code {"error": ...}} for API clients, in place of Tomcat's own report.
 * Everything the application answers itself keeps its own page: this writes only where nothing was written.
 */
@Configuration(proxyBeanMethods = false)
class PortalErrorReport {

	/** The portal's style sheet as packaged; its pages name it by its content. */
	private static final String STYLE_SHEET = "/portal/assets/portal.css";

	/** After Spring Boot's own customizers, which install Tomcat's report: this one replaces it. */
	@Bean
	@Order(Ordered.LOWEST_PRECEDENCE)
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> tomcatErrorReport(MessageSource messages,
			ObjectProvider<ResourceUrlProvider> resources) {
		return factory -> factory
			.addContextCustomizers(context -> install(context, messages, () -> styleSheet(resources)));
	}

	/**
	 * The stylesheet's address as the portal's pages name it (named by its content, see application.yaml), asked when
	 * a report is written: Spring MVC's resource handling exists only after the web server was made.
	 */
	private static String styleSheet(ObjectProvider<ResourceUrlProvider> resources) {
		ResourceUrlProvider provider = resources.getIfAvailable();
		String versioned = provider == null ? null : provider.getForLookupPath(STYLE_SHEET);
		return versioned != null ? versioned : STYLE_SHEET;
	}

	private static void install(Context context, MessageSource messages, Supplier<String> styleSheet) {
		Pipeline host = context.getParent().getPipeline();
		for (Valve valve : host.getValves()) {
			if (valve instanceof ErrorReportValve) {
				host.removeValve(valve);
			}
		}
		host.addValve(new Report(messages, styleSheet));
		// the host adds no report of its own when one of this class is there
		if (context.getParent() instanceof StandardHost standard) {
			standard.setErrorReportValveClass(Report.class.getName());
		}
	}

	/** The report: chosen by status only, like the application's error pages; nothing of the request is shown. */
	static final class Report extends ErrorReportValve {

		private static final Set<Integer> EXPLAINED = Set.of(400, 401, 403, 404, 405, 413, 415, 429);

		private final MessageSource messages;

		private final Supplier<String> styleSheet;

		Report(MessageSource messages, Supplier<String> styleSheet) {
			this.messages = messages;
			this.styleSheet = styleSheet;
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			Locale locale = PortalLocales.fromHeaders(request.getHeader("Cookie"), request.getHeader("Accept-Language"));
			String problem = messages.getMessage(EXPLAINED.contains(status) ? "error.page." + status
					: "error.page.other", null, locale);
			String accept = request.getHeader("Accept");
			boolean page = accept != null && accept.contains("text/html");
			try {
				response.setContentType(page ? "text/html;charset=UTF-8" : "application/json;charset=UTF-8");
				Writer writer = response.getReporter();
				if (writer == null) {
					return;
				}
				writer.write(page ? page(locale, problem) : "{\"error\":\"" + problem.replace("\"", "\\\"")
						+ "\",\"status\":" + status + "}");
				response.finishResponse();
			}
			catch (IOException | IllegalStateException ex) {
				// the connection is gone or the response could not take a body: nothing more to tell
			}
		}

		private String page(Locale locale, String problem) {
			String language = locale.getLanguage();
			return "<!DOCTYPE html>\n<html lang=\"" + language + "\" dir=\""
					+ (PortalLocales.rightToLeft(locale) ? "rtl" : "ltr") + "\">\n<head>\n<meta charset=\"utf-8\">\n"
					+ "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
					+ text("problem.title", locale) + "</title>\n"
					+ "<link rel=\"stylesheet\" href=\"" + HtmlUtils.htmlEscape(styleSheet.get()) + "\">\n</head>\n<body>\n"
					+ "<header class=\"top\"><div class=\"bar\"><a class=\"brand\" href=\"/portal\">"
					+ text("app.name", locale) + "</a></div></header>\n<main id=\"main\">\n"
					+ "<p class=\"problem\" role=\"alert\">" + HtmlUtils.htmlEscape(problem) + "</p>\n<h1>"
					+ text("problem.heading", locale) + "</h1>\n<p><a href=\"/portal\">"
					+ text("common.backHome", locale) + "</a></p>\n</main>\n</body>\n</html>\n";
		}

		private String text(String key, Locale locale) {
			return HtmlUtils.htmlEscape(messages.getMessage(key, null, locale));
		}
	}
}
