#pragma once
// A streaming XML reader on expat for the parts of a workbook: elements and
// attributes by their local names (whatever prefix a writer chose for the
// spreadsheetml namespace), no DOCTYPE and so no entities of the file's own.

#include <expat.h>

#include <memory>
#include <string>
#include <string_view>

namespace asemdb::detail {

/// What a part's reader does with its elements. A reader that finds a problem
/// calls fail(); parsing stops there and XmlStream::feed() throws it.
class XmlHandler {
 public:
    virtual ~XmlHandler() = default;
    /// `attrs` is expat's: name, value, name, value, ..., nullptr (names namespaced).
    virtual void start(std::string_view name, const char** attrs) = 0;
    virtual void end(std::string_view name) = 0;
    virtual void text(std::string_view) {}
    void fail(std::string problem);
    const std::string& problem() const { return problem_; }

 private:
    friend class XmlStream;
    XML_Parser parser_ = nullptr;
    std::string problem_;
};

/// The value of the attribute with local name `name`, or nullptr.
const char* xml_attribute(const char** attrs, std::string_view name);

class XmlStream {
 public:
    /// `part` names the part in messages.
    XmlStream(XmlHandler& handler, std::string part);
    XmlStream(const XmlStream&) = delete;
    XmlStream& operator=(const XmlStream&) = delete;
    ~XmlStream();
    /// Parses the next chunk of the part (`last`: the part ends here). Throws
    /// ZipRefused naming the part, the line and expat's reason, or the handler's problem.
    void feed(std::string_view chunk, bool last = false);

 private:
    XmlHandler& handler_;
    std::string part_;
    XML_Parser parser_;
};

}  // namespace asemdb::detail
