# A class with 21 methods of complexity 3 each (WMC 63).
# ruleid: R018
class Everything:
    def step_0(self, x):
        if x > 0:
            return x - 0
        if x < -0:
            return x + 0
        return x

    def step_1(self, x):
        if x > 1:
            return x - 1
        if x < -1:
            return x + 1
        return x

    def step_2(self, x):
        if x > 2:
            return x - 2
        if x < -2:
            return x + 2
        return x

    def step_3(self, x):
        if x > 3:
            return x - 3
        if x < -3:
            return x + 3
        return x

    def step_4(self, x):
        if x > 4:
            return x - 4
        if x < -4:
            return x + 4
        return x

    def step_5(self, x):
        if x > 5:
            return x - 5
        if x < -5:
            return x + 5
        return x

    def step_6(self, x):
        if x > 6:
            return x - 6
        if x < -6:
            return x + 6
        return x

    def step_7(self, x):
        if x > 7:
            return x - 7
        if x < -7:
            return x + 7
        return x

    def step_8(self, x):
        if x > 8:
            return x - 8
        if x < -8:
            return x + 8
        return x

    def step_9(self, x):
        if x > 9:
            return x - 9
        if x < -9:
            return x + 9
        return x

    def step_10(self, x):
        if x > 10:
            return x - 10
        if x < -10:
            return x + 10
        return x

    def step_11(self, x):
        if x > 11:
            return x - 11
        if x < -11:
            return x + 11
        return x

    def step_12(self, x):
        if x > 12:
            return x - 12
        if x < -12:
            return x + 12
        return x

    def step_13(self, x):
        if x > 13:
            return x - 13
        if x < -13:
            return x + 13
        return x

    def step_14(self, x):
        if x > 14:
            return x - 14
        if x < -14:
            return x + 14
        return x

    def step_15(self, x):
        if x > 15:
            return x - 15
        if x < -15:
            return x + 15
        return x

    def step_16(self, x):
        if x > 16:
            return x - 16
        if x < -16:
            return x + 16
        return x

    def step_17(self, x):
        if x > 17:
            return x - 17
        if x < -17:
            return x + 17
        return x

    def step_18(self, x):
        if x > 18:
            return x - 18
        if x < -18:
            return x + 18
        return x

    def step_19(self, x):
        if x > 19:
            return x - 19
        if x < -19:
            return x + 19
        return x

    def step_20(self, x):
        if x > 20:
            return x - 20
        if x < -20:
            return x + 20
        return x


# ok: R018
class Small:
    def one(self):
        return 1
