"""Build hook: ship the top-level `sql/` folder and the Dagster YAML files inside the wheel.

They stay at the repository root (where analysts and operators look for them), and the wheel carries
a copy as `clio_pipeline/_data/`, which `clio_pipeline.package_data` prefers when it exists. All other
metadata is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA = ("sql", "dagster.yaml", "workspace.yaml")


class BuildPyWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout itself
        target = Path(self.build_lib) / "clio_pipeline" / "_data"
        for name in DATA:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True)
            else:
                target.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target / name)


setup(cmdclass={"build_py": BuildPyWithData})
