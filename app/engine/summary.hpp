#pragma once
// Text summaries: a mustache template filled with the rows of named queries.

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace asemdb::detail {

/// One named query's result: column names, then rows of text values (nullopt for NULL).
struct QueryRows {
    std::string name;
    std::vector<std::string> columns;
    std::vector<std::vector<std::optional<std::string>>> rows;
};

/// What a summary template may ask for. The mustache parser's time and memory
/// grow with the square of the nesting depth: a template beyond these is refused
/// before it is parsed.
inline constexpr std::size_t kMaxTemplateBytes = 64 * 1024;
inline constexpr int kMaxTemplateDepth = 32;

/// Why `template_text` is not a valid mustache template (or too large or too
/// deeply nested), or nullopt if it is.
std::optional<std::string> template_error(const std::string& template_text);

/// Renders the template. Each query is a list of row objects under its name, so
/// {{#themes}}{{title}}{{/themes}} iterates and, for one-row queries,
/// {{#forum}}{{name}}{{/forum}} reads a value. A NULL is false, so {{#scope}}...{{/scope}}
/// shows only where there is a value. Nothing is HTML-escaped.
/// REQUIRES: template_error(template_text) is nullopt.
std::string render_summary(const std::string& template_text, const std::vector<QueryRows>& data);

}  // namespace asemdb::detail
