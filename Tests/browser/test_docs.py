"""The API reference at /docs against the real server's /openapi.json: the description's markdown is
rendered (and only ever as text, never as markup), every operation shows an example request and answer
(and the refusals it can meet), and the WebSocket feed has a section of its own listing its channels and
messages. The markdown renderer itself is run in the page."""
import json

import pytest
from selenium.webdriver.common.by import By

from conftest import screenshot
from pages import wait

# Operations that refuse nothing a client can provoke; every other one shows at least one refusal.
NOTHING_TO_REFUSE = {"get /api/health", "get /api/ready", "get /metrics"}


def open_docs(driver, server):
    driver.get(f"{server.base_url}/docs/")
    wait(driver, 15).until(lambda d: d.execute_script("return document.body.dataset.loaded === 'true'"))


def described_operations(server):
    status, description = server.call("GET", "/openapi.json")
    assert status == 200
    return description, [(method, path) for path, item in description["paths"].items() for method in item]


def test_the_descriptions_markdown_is_rendered_not_shown(server, browser):
    open_docs(browser, server)
    overview = browser.find_element(By.CSS_SELECTOR, "#reference .overview")
    # "- **Numbers**: ..." became a list item with a bold word, and backticks became code elements.
    assert [e.text for e in overview.find_elements(By.CSS_SELECTOR, "li > strong")][:2] == ["Numbers", "Credentials"]
    assert "X-API-Key: msk_…" in [e.text for e in overview.find_elements(By.TAG_NAME, "code")]
    link = overview.find_element(By.LINK_TEXT, "WebSocket section")
    assert link.get_attribute("href").endswith("/docs#websocket")
    # An operation's description and a refusal's note are markdown too.
    orders = browser.find_element(By.ID, "post-api-orders")
    assert "error" in [e.get_attribute("textContent") for e in orders.find_elements(By.CSS_SELECTOR, ".markdown code")]
    text = browser.execute_script("return document.getElementById('reference').textContent")
    assert "**" not in text and "](" not in text
    # No backtick is left outside code: every pair became a code element.
    outside_code = browser.execute_script(
        "const r = document.getElementById('reference').cloneNode(true);"
        "r.querySelectorAll('code, pre').forEach((c) => c.remove()); return r.textContent")
    assert "`" not in outside_code


def test_every_operation_shows_an_example_request_and_answer(server, browser):
    description, operations = described_operations(server)
    open_docs(browser, server)
    shown = browser.execute_script("""
      return [...document.querySelectorAll('details.operation')].map((d) => ({
        method: d.querySelector('.method').textContent, path: d.querySelector('summary code').textContent,
        request: d.querySelector('.example-request pre')?.textContent || null,
        answers: [...d.querySelectorAll('.example-answer pre')].map((p) => p.textContent),
        refusals: [...d.querySelectorAll('.example-refusal pre')].map((p) => p.textContent),
      }));""")
    assert sorted((o["method"], o["path"]) for o in shown) == sorted(operations)
    for operation in shown:
        name = f"{operation['method']} {operation['path']}"
        assert operation["request"] and operation["request"].startswith(operation["method"].upper() + " "), name
        assert operation["answers"], f"{name} shows no example answer"
        if name != "get /metrics":
            answer = json.loads(operation["answers"][0])
            assert isinstance(answer, (dict, list)), name
        if name not in NOTHING_TO_REFUSE:
            assert operation["refusals"], f"{name} shows no refusal"
        for refusal in operation["refusals"]:
            assert set(json.loads(refusal)) == {"detail", "error"}, name
    # The example answer of placing an order is the one the description carries, as JSON.
    example = description["paths"]["/api/orders"]["post"]["responses"]["200"]["content"]["application/json"]["examples"]["example"]
    orders = next(o for o in shown if (o["method"], o["path"]) == ("post", "/api/orders"))
    assert json.loads(orders["answers"][0]) == example["value"]
    assert orders["request"].splitlines()[0] == "POST /api/orders"
    browser.find_element(By.CSS_SELECTOR, "#post-api-orders > summary").click()
    assert browser.find_element(By.CSS_SELECTOR, "#post-api-orders .example-answer pre").is_displayed()
    screenshot(browser, "api-docs")


def test_the_websocket_section_lists_every_channel_and_message(server, browser):
    description, _ = described_operations(server)
    websocket = description["x-websocket"]
    open_docs(browser, server)
    section = browser.find_element(By.ID, "websocket")
    channels = [row.get_attribute("data-channel") for row in section.find_elements(By.CSS_SELECTOR, "table.channels tr[data-channel]")]
    assert channels == ["prices", "trades:{TICKER}", "orderbook:{TICKER}", "news", "private"]
    assert channels == [c["name"] for c in websocket["channels"]]
    messages = section.find_elements(By.CSS_SELECTOR, "article.message")
    assert [m.get_attribute("data-type") for m in messages] == ["prices", "orderbook", "trade", "order", "fill", "news",
                                                                          "margin_call", "liquidation",
                                                                          "risk_limit_tripped", "dividend",
                                                                          "alert"]
    for message in messages:
        examples = message.find_elements(By.CSS_SELECTOR, ".example-message pre")
        assert examples, message.get_attribute("data-type")
        assert json.loads(examples[0].get_attribute("textContent"))["type"] == message.get_attribute("data-type")
    # Every order event has its example, and subscribing, its refusals and unsubscribing are explained.
    order_events = {json.loads(p.get_attribute("textContent"))["event"]
                    for p in section.find_elements(By.CSS_SELECTOR, "#ws-order .example-message pre")}
    assert order_events == {"accepted", "rested", "triggered", "reduced", "cancelled"}
    assert "GET ws://127.0.0.1:8080/ws/trades:FUN" in section.text
    assert section.find_element(By.ID, "websocket-unsubscribe").is_displayed()
    assert len(section.find_elements(By.CSS_SELECTOR, ".example-refusal pre")) == len(websocket["subscribe"]["refusals"])
    # The navigation leads there.
    browser.find_element(By.CSS_SELECTOR, "nav#tags a[href='#websocket']").click()
    # Filtering out every operation leaves the WebSocket section near the top of the picture.
    browser.find_element(By.ID, "filter").send_keys("websocket-only")
    wait(browser).until(lambda d: all(not e.is_displayed() for e in d.find_elements(By.CSS_SELECTOR, "details.operation")))
    screenshot(browser, "api-docs-websocket")


def test_the_docs_fit_a_phone(server, phone):
    open_docs(phone, server)
    phone.find_element(By.CSS_SELECTOR, "#post-api-orders > summary").click()
    # Nothing sticks out sideways: long code wraps, examples scroll inside their own boxes.
    assert phone.execute_script("return document.documentElement.scrollWidth") <= 390
    screenshot(phone, "api-docs")


MARKDOWN = """
const done = arguments[arguments.length - 1];
import('/docs/markdown.js').then((m) => {
  const html = (text, options) => { const d = document.createElement('div'); d.append(m.renderMarkdown(text, options)); return d.innerHTML; };
  const inline = (text) => m.renderInline(text, document.createElement('span')).innerHTML;
  done(JSON.stringify({
    paragraphs: html('one\\ntwo\\n\\nthree'),
    inline: inline('`a*b*` and **bold *em* inside**, *em*, _em_, __strong__, snake_case_name, 2 * 3 * 4'),
    escaped: inline('\\\\*not em\\\\* and `` a ` b ``'),
    link: inline('[the docs](/docs#websocket) and [site](https://example.com/a?b=1)'),
    unsafe: inline('[x](javascript:alert(1)) [y](JaVa\\tScRiPt:alert(1)) [z](data:text/html,hi)'),
    markup: html('<img src=x onerror="window.__pwned = 1"> **<b>bold</b>** `<script>`'),
    pwned: window.__pwned === 1,
    lists: html('- one\\n- **two**\\n  continued\\n\\n1. first\\n2. second'),
    heading: html('# Title\\n## Sub', {headingLevel: 3}),
    fence: html('```json\\n{"a": "<b>"}\\n```\\nafter'),
    unclosed: inline('**open and `tick'),
  }));
}, (e) => done(JSON.stringify({error: String(e)})));
"""


def test_the_markdown_renderer_builds_nodes_and_never_markup(server, browser):
    open_docs(browser, server)
    result = json.loads(browser.execute_async_script(MARKDOWN))
    assert "error" not in result, result
    assert result["paragraphs"] == "<p>one two</p><p>three</p>"
    assert result["inline"] == ("<code>a*b*</code> and <strong>bold <em>em</em> inside</strong>, <em>em</em>, <em>em</em>, "
                                "<strong>strong</strong>, snake_case_name, 2 * 3 * 4")
    assert result["escaped"] == "*not em* and <code>a ` b</code>"
    assert result["link"] == ('<a href="/docs#websocket">the docs</a> and '
                              '<a href="https://example.com/a?b=1" rel="noopener noreferrer">site</a>')
    # A link to javascript: or data: keeps its text and loses its address.
    assert result["unsafe"] == "x y z"
    # Markup in the text is shown as text.
    assert result["markup"] == ('<p>&lt;img src=x onerror="window.__pwned = 1"&gt; <strong>&lt;b&gt;bold&lt;/b&gt;</strong> '
                                '<code>&lt;script&gt;</code></p>')
    assert result["pwned"] is False
    assert result["lists"] == "<ul><li>one</li><li><strong>two</strong> continued</li></ul><ol><li>first</li><li>second</li></ol>"
    assert result["heading"] == "<h3>Title</h3><h4>Sub</h4>"
    assert result["fence"] == '<pre><code class="language-json">{"a": "&lt;b&gt;"}</code></pre><p>after</p>'
    assert result["unclosed"] == "**open and `tick"
