from string import Template

import simpy

# ok: S036
sim = simpy.Environment()
# ok: S036
greeting = Template("hello $name").substitute(name="x")
