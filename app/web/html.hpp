#pragma once
// Pages: a mustache template of app/web/pages/ (compiled into the binary)
// filled with data and set in the layout, every value escaped for HTML.

#include "web/site.hpp"

#include <kainjow/mustache.hpp>

#include <string>
#include <string_view>

namespace asemdb::web {

using Data = kainjow::mustache::data;

/// `text` safe inside an HTML element or a quoted attribute: &, <, >, " and '
/// as entities; a control character other than tab and newline, and a byte
/// that is not UTF-8, shown as \xNN (as the command line's messages show them).
std::string html_escape(std::string_view text);

/// The page `page` (pages/PAGE.mustache) filled with `data`, inside the layout
/// with `title` and the navigation's `section` ("reports", "query", ...) marked.
std::string render_page(const std::string& page, const std::string& title, const std::string& section, Data data);

/// The template `name` (pages/NAME.mustache) filled with `data`, without the
/// layout: a part of a page.
std::string render_part(const std::string& name, const Data& data);

/// Answers with the page as text/html.
void send_html(httplib::Response& response, int status, const std::string& html);

/// Answers `error` as a page, with its status.
void send_error(httplib::Response& response, const HttpError& error);

/// The embedded stylesheet (app/web/pages/style.css).
std::string_view stylesheet();

/// `text`, or false when it is empty: a template's {{#name}} section is then
/// skipped (mustache takes an empty string as true, and an absent name from
/// the enclosing data).
Data text_or_false(const std::string& text);

/// A list for a template from `items`.
Data list_of(const std::vector<Data>& items);

}  // namespace asemdb::web
