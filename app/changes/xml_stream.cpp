#include "changes/xml_stream.hpp"

#include "changes/xlsx_zip.hpp"

#include <cstring>
#include <limits>

namespace asemdb::detail {
namespace {

std::string_view local_name(const char* name) {
    const char* bar = std::strrchr(name, '|');
    return bar ? bar + 1 : name;
}

void on_start(void* data, const XML_Char* name, const XML_Char** attrs) {
    static_cast<XmlHandler*>(data)->start(local_name(name), attrs);
}

void on_end(void* data, const XML_Char* name) { static_cast<XmlHandler*>(data)->end(local_name(name)); }

void on_text(void* data, const XML_Char* text, int len) {
    static_cast<XmlHandler*>(data)->text(std::string_view(text, static_cast<std::size_t>(len)));
}

// A workbook part never needs a DTD; refusing one refuses every entity trick.
void on_doctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    static_cast<XmlHandler*>(data)->fail("holds a DOCTYPE, which no workbook part has");
}

}  // namespace

void XmlHandler::fail(std::string problem) {
    if (problem_.empty()) problem_ = std::move(problem);
    XML_StopParser(parser_, XML_FALSE);
}

const char* xml_attribute(const char** attrs, std::string_view name) {
    for (; attrs && *attrs; attrs += 2)
        if (local_name(attrs[0]) == name) return attrs[1];
    return nullptr;
}

XmlStream::XmlStream(XmlHandler& handler, std::string part)
    : handler_(handler), part_(std::move(part)), parser_(XML_ParserCreateNS(nullptr, '|')) {
    if (!parser_) throw std::bad_alloc();
    handler_.parser_ = parser_;
    XML_SetUserData(parser_, &handler_);
    XML_SetElementHandler(parser_, on_start, on_end);
    XML_SetCharacterDataHandler(parser_, on_text);
    XML_SetStartDoctypeDeclHandler(parser_, on_doctype);
}

XmlStream::~XmlStream() { XML_ParserFree(parser_); }

void XmlStream::feed(std::string_view chunk, bool last) {
    while (!chunk.empty() || last) {
        const std::size_t n = std::min<std::size_t>(chunk.size(), std::numeric_limits<int>::max() / 2);
        const auto status = XML_Parse(parser_, chunk.data(), static_cast<int>(n), last && n == chunk.size());
        chunk.remove_prefix(n);
        if (!handler_.problem().empty()) throw ZipRefused("part '" + part_ + "' " + handler_.problem());
        if (status != XML_STATUS_OK) {
            throw ZipRefused("part '" + part_ + "' is not well-formed XML (line " +
                             std::to_string(XML_GetCurrentLineNumber(parser_)) + ": " +
                             XML_ErrorString(XML_GetErrorCode(parser_)) + ")");
        }
        if (chunk.empty()) break;
    }
}

}  // namespace asemdb::detail
