#!/usr/bin/env python3
"""Drive huizong serve's page in headless Chromium as a clerk would.

    python3 serve_browser.py ADDRESS PLAN DOWNLOADS RETURN...

Opens ADDRESS (http://127.0.0.1:PORT/?token=…), chooses PLAN and the RETURNs
in the page's file inputs, sets 所属期 to 2024Q3, presses 开始汇总 with the
keyboard, waits for #result, then clicks a#report and waits for the report
to land in DOWNLOADS under its Chinese name. Prints one JSON line:
{"findings": N, "result": "<#result's text>", "download": "<path>"}.

With HUIZONG_SCREENSHOT=FILE.png, also saves a screenshot of the whole page
after the merge (docs/serve.png is made so).

Selenium drives Debian's chromium through Debian's chromedriver
(/usr/bin/chromedriver, never a downloaded one).
"""
import json
import os
import shutil
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import WebDriverWait


def browser(downloads, profile):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in [
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        f"--user-data-dir={profile}", "--window-size=1280,900", "--lang=zh-CN",
    ]:
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": downloads,
        "download.prompt_for_download": False,
        "safebrowsing.enabled": False,
    })
    driver_path = shutil.which("chromedriver") or "/usr/bin/chromedriver"
    # The browser's own words (the file inputs' buttons) in Chinese too.
    env = dict(os.environ, LANGUAGE="zh_CN")
    service = Service(executable_path=driver_path, env=env)
    driver = webdriver.Chrome(service=service, options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                           {"behavior": "allow", "downloadPath": downloads})
    return driver


def main():
    address, plan, downloads = sys.argv[1:4]
    returns = sys.argv[4:]
    profile = tempfile.mkdtemp(prefix="huizong-chromium-")
    driver = browser(downloads, profile)
    try:
        wait = WebDriverWait(driver, 120)
        driver.get(address)
        wait.until(ready.presence_of_element_located((By.ID, "merge")))
        assert driver.execute_script("return document.documentElement.lang") == "zh-CN"
        # Every control has its label.
        unlabelled = driver.execute_script("""
            return Array.from(document.querySelectorAll('input, button')).filter(function (c) {
              return c.tagName === 'INPUT' ? !(c.labels && c.labels.length) : !c.textContent.trim();
            }).map(function (c) { return c.id; });""")
        assert not unlabelled, f"controls without a label: {unlabelled}"
        driver.find_element(By.ID, "plan").send_keys(plan)
        driver.find_element(By.ID, "returns").send_keys("\n".join(returns))
        period = driver.find_element(By.ID, "period")
        period.clear()
        period.send_keys("2024Q3")
        # Pressed from the keyboard: focus the button, then Enter.
        button = driver.find_element(By.ID, "merge")
        driver.execute_script("arguments[0].focus()", button)
        assert driver.switch_to.active_element == button, "开始汇总 takes the focus"
        button.send_keys(Keys.ENTER)
        wait.until(lambda d: d.find_element(By.ID, "result").is_displayed()
                   or d.find_element(By.ID, "error").is_displayed())
        error = driver.find_element(By.ID, "error")
        assert not error.is_displayed(), f"the page said: {error.text}"
        result = driver.find_element(By.ID, "result")
        findings = result.find_elements(By.CSS_SELECTOR, "#findings tbody tr")
        assert findings, "the findings are listed"
        shot = os.environ.get("HUIZONG_SCREENSHOT")
        if shot:
            driver.execute_script("window.scrollTo(0, 0)")
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(1280, min(height + 40, 4000))
            time.sleep(0.5)
            driver.save_screenshot(shot)
        report = driver.find_element(By.CSS_SELECTOR, "a#report")
        driver.execute_script("arguments[0].scrollIntoView()", report)
        report.click()
        expected = os.path.join(downloads, "汇总-2024Q3.xlsx")
        deadline = time.time() + 60
        while time.time() < deadline:
            names = os.listdir(downloads)
            if "汇总-2024Q3.xlsx" in names and not any(n.endswith(".crdownload") for n in names):
                break
            time.sleep(0.2)
        else:
            raise AssertionError(f"no report downloaded; {downloads} holds {os.listdir(downloads)}")
        print(json.dumps({"findings": len(findings), "result": result.text, "download": expected},
                         ensure_ascii=False))
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
