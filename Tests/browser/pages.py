"""What a person does on the dashboard, as functions the tests share."""
import json

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 10


def wait(driver, timeout=TIMEOUT):
    return WebDriverWait(driver, timeout)


def open_page(driver, server, route="/markets"):
    driver.get(f"{server.base_url}/#{route}")
    wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "main > *")))


def find(driver, css):
    return wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def visible(driver, css):
    return wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))


def text_appears(driver, css, text, timeout=TIMEOUT):
    wait(driver, timeout).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, css), text))
    return driver.find_element(By.CSS_SELECTOR, css)


def no_loading(driver):
    """Waits until no loading indicator is left on the page."""
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "main .loading"))


def fill_credentials(driver, username, password):
    name = visible(driver, "#username")
    name.clear()
    name.send_keys(username)
    secret = driver.find_element(By.ID, "password")
    secret.clear()
    secret.send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.auth-form button[type=submit]").click()


def sign_up(driver, server, username, password):
    open_page(driver, server, "/signup")
    fill_credentials(driver, username, password)
    text_appears(driver, "#signed-in-user", username)


def sign_in(driver, server, username, password, route="/markets"):
    open_page(driver, server, f"/signin?next={route}")
    fill_credentials(driver, username, password)
    text_appears(driver, "#signed-in-user", username)


def signed_in_as(driver, user):
    """Signs in by storing the session the way the page does (faster than the form); `user` may carry the
    server's `role`."""
    driver.execute_script(
        "localStorage.setItem('marketsim.session', JSON.stringify({token: arguments[0], username: arguments[1], userId: arguments[2], role: arguments[3]}))",
        user["token"], user["username"], user["user_id"], user.get("role"))
    driver.refresh()
    find(driver, "#signed-in-user")


def fresh(driver, server, route="/markets"):
    """Opens the app with an empty localStorage."""
    driver.get(f"{server.base_url}/")
    driver.execute_script("localStorage.clear()")
    open_page(driver, server, route)


def open_as(driver, server, user, route):
    """Opens `route` signed in as `user`, starting from an empty localStorage."""
    fresh(driver, server)
    signed_in_as(driver, user)
    open_page(driver, server, route)


IN_PAGE = """
const done = arguments[arguments.length - 1];
Promise.all(arguments[0].map((path) => import(path))).then((modules) => {
  try { done(JSON.stringify((%s)(modules))); } catch (e) { done(JSON.stringify({error: String(e)})); }
}, (e) => done(JSON.stringify({error: String(e)})));
"""


def in_page(driver, modules, body):
    """Runs `body`, a JavaScript function of the list of imported `modules` (paths such as '/js/charts.js'),
    in the page, and returns what it returns (through JSON)."""
    result = json.loads(driver.execute_async_script(IN_PAGE % body, modules))
    assert not (isinstance(result, dict) and "error" in result), result
    return result


def venue(driver, venue_id):
    """Looks at `venue_id` from now on, as choosing it in the venue switcher does."""
    driver.execute_script("localStorage.setItem('marketsim.venue', arguments[0])", venue_id)
    driver.refresh()


def fill_in(driver, css, text):
    """Types `text` into the field at `css`, replacing what it held."""
    field = visible(driver, css)
    field.clear()
    field.send_keys(text)
    return field


def answer_dialog(driver, confirm=True, reason=None):
    """Answers the page's confirmation dialog: confirms (with `reason` typed in when given), or keeps things
    as they are. Returns its text."""
    dialog = visible(driver, "#confirm-dialog[open]")
    text = dialog.text
    if reason is not None:
        dialog.find_element(By.ID, "confirm-reason").send_keys(reason)
    dialog.find_element(By.CSS_SELECTOR, f"button[value={'confirm' if confirm else 'cancel'}]").click()
    wait(driver).until(lambda d: not d.find_elements(By.CSS_SELECTOR, "#confirm-dialog[open]"))
    return text


def download_text(driver, css):
    """The text of the file a download link offers, read through its Blob URL in the page."""
    link = find(driver, css)
    assert link.get_attribute("download"), "not a download link"
    return driver.execute_async_script(
        "const done = arguments[1]; fetch(arguments[0]).then((r) => r.text()).then(done, (e) => done('ERROR ' + e));",
        link.get_attribute("href"))


def csv_rows(text):
    """Rows of a CSV file's text, as lists of strings."""
    import csv
    import io
    return list(csv.reader(io.StringIO(text)))


def fits_width(driver):
    """True when the page needs no sideways scrolling."""
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
