// Output path templates: "rosters/{report}-{date:%Y-%m}.{ext}", expanded per
// run and kept below the schedule's output directory; a job's output path.

#include "schedule/scheduler_detail.hpp"

#include "asemdb/base/error.hpp"

#include <algorithm>
#include <vector>

namespace asemdb::detail {
namespace {

struct Piece {
    bool placeholder = false;
    std::string text;  ///< literal text, or the placeholder's name
    std::string arg;   ///< after ':' (date and time formats)
};

constexpr const char* kNames[] = {"report", "job", "ext", "format", "date", "time", "param"};

// What {param:NAME} stands for before the run's values are known.
constexpr const char* kSampleValue = "x";
// A file name's longest part on the usual file systems (NAME_MAX).
constexpr std::size_t kMaxNamePart = 255;

constexpr const char* kOutputTemplate = "output template";

Error fail(const std::string& text, const std::string& detail, const char* what = kOutputTemplate) {
    return Error(ErrorKind::Definition, {}, std::string(what) + " '" + text + "': " + detail);
}

Piece placeholder(const std::string& text, const std::string& inside, const char* what) {
    const auto colon = inside.find(':');
    Piece piece{true, inside.substr(0, colon), colon == std::string::npos ? "" : inside.substr(colon + 1)};
    if (std::none_of(std::begin(kNames), std::end(kNames), [&](const char* n) { return piece.text == n; }))
        throw fail(text, "unknown placeholder '{" + inside + "}'; use {report}, {job}, {ext}, {format}, "
                         "{date:FORMAT}, {time:FORMAT} or {param:NAME}", what);
    const bool timed = piece.text == "date" || piece.text == "time";
    if (piece.text == "param") {
        if (piece.arg.empty()) throw fail(text, "'{" + inside + "}' needs a parameter's name: {param:NAME}", what);
        return piece;
    }
    if (colon != std::string::npos && (!timed || piece.arg.empty()))
        throw fail(text, "'{" + inside + "}' takes no format", what);
    if (timed && piece.arg.empty()) piece.arg = piece.text == "date" ? "%Y-%m-%d" : "%H%M";
    return piece;
}

std::vector<Piece> split(const std::string& text, const char* what = kOutputTemplate) {
    std::vector<Piece> pieces;
    std::string literal;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((c == '{' || c == '}') && i + 1 < text.size() && text[i + 1] == c) {
            literal += c;
            ++i;
        } else if (c == '{') {
            const auto close = text.find('}', i);
            if (close == std::string::npos) throw fail(text, "'{' without its '}'", what);
            pieces.push_back({false, literal, {}});
            literal.clear();
            pieces.push_back(placeholder(text, text.substr(i + 1, close - i - 1), what));
            i = close;
        } else if (c == '}') {
            throw fail(text, "'}' without its '{' (write '}}' for a brace)", what);
        } else {
            literal += c;
        }
    }
    pieces.push_back({false, literal, {}});
    return pieces;
}

// A relative path whose every part is a real name: no '..', no root, no control characters.
void check_relative(const std::string& text, const std::string& path) {
    if (path.empty()) throw fail(text, "expands to an empty path");
    if (path.front() == '/')
        throw fail(text, "an absolute path; outputs are written below output_dir, so give a relative path");
    if (std::any_of(path.begin(), path.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
        throw fail(text, "contains a control character");
    std::size_t start = 0;
    while (start <= path.size()) {
        const auto slash = std::min(path.find('/', start), path.size());
        const std::string part = path.substr(start, slash - start);
        if (part == "..") throw fail(text, "'..' would leave the output directory; it is not allowed");
        if (slash == path.size() && (part.empty() || part == "."))
            throw fail(text, "does not end in a file name");
        start = slash + 1;
    }
}

// A parameter's value becomes part of one file name, never a way out of the output directory.
std::string param_value(const std::string& text, const std::string& name, const TemplateValues& values,
                        const char* what, bool in_path) {
    if (!values.params) return kSampleValue;
    const auto found = std::find_if(values.params->begin(), values.params->end(),
                                    [&](const auto& p) { return p.first == name; });
    const std::string placeholder = "{param:" + name + "}";
    if (found == values.params->end()) throw fail(text, placeholder + " has no value on this run", what);
    const std::string& value = found->second;
    if (!in_path) return value;
    const auto refuse = [&](const std::string& why) {
        return fail(text, placeholder + " is '" + value + "', which cannot be part of a file name: " + why, what);
    };
    if (value.empty()) throw fail(text, placeholder + " is empty, which cannot be part of a file name", what);
    if (std::any_of(value.begin(), value.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
        throw fail(text, placeholder + " holds a control character, which cannot be part of a file name", what);
    if (value.find('/') != std::string::npos || value.find('\\') != std::string::npos)
        throw refuse("it holds a slash");
    if (value == "." || value == "..") throw refuse("it names a directory");
    if (value.size() > kMaxNamePart) throw refuse("it is longer than a file name may be");
    return value;
}

std::string expand(const std::string& text, const std::vector<Piece>& pieces, const TemplateValues& values,
                   const char* what, bool in_path) {
    std::string out;
    for (const auto& piece : pieces) {
        if (!piece.placeholder) out += piece.text;
        else if (piece.text == "param") out += param_value(text, piece.arg, values, what, in_path);
        else if (piece.text == "report") out += values.report;
        else if (piece.text == "job") out += values.job;
        else if (piece.text == "ext") out += values.ext;
        else if (piece.text == "format") out += values.format;
        else out += values.cron->local_text(values.when, piece.arg);
    }
    return out;
}

}  // namespace

void check_path_template(const std::string& text) {
    const auto pieces = split(text);
    // The literal parts alone must already be a safe relative path.
    std::string skeleton;
    for (const auto& piece : pieces) skeleton += piece.placeholder ? "x" : piece.text;
    check_relative(text, skeleton);
}

bool template_uses(const std::string& text, const std::string& name) {
    const auto pieces = split(text);
    return std::any_of(pieces.begin(), pieces.end(), [&](const Piece& p) { return p.placeholder && p.text == name; });
}

std::vector<std::string> template_params(const std::string& text) {
    std::vector<std::string> names;
    for (const auto& piece : split(text))
        if (piece.placeholder && piece.text == "param") names.push_back(piece.arg);
    return names;
}

std::filesystem::path expand_path_template(const std::string& text, const TemplateValues& values) {
    const std::string path = expand(text, split(text), values, kOutputTemplate, true);
    check_relative(text, path);
    return std::filesystem::path(path).lexically_normal();
}

}  // namespace asemdb::detail

namespace asemdb::detail {

std::string expand_text_template(const std::string& text, const TemplateValues& values, const char* what) {
    const std::string out = expand(text, split(text, what), values, what, false);
    if (std::any_of(out.begin(), out.end(), [](unsigned char c) { return c < 0x20 || c == 0x7f; }))
        throw fail(text, "expands to text with a control character", what);
    return out;
}

std::filesystem::path job_output(const Schedule& schedule, const JobSpec& job, Format format, TimePoint when,
                                 const RunParams& params) {
    const TemplateValues values{job.name, job.report, to_string(format), extension_of(format), when, &job.cron, &params};
    try {
        return expand_path_template(job.output, values);
    } catch (const Error& e) {
        throw Error::definition(schedule.file, job.output_line, "job '" + job.name + "': " + e.detail());
    }
}

}  // namespace asemdb::detail
